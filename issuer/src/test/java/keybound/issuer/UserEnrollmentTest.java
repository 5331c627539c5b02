package keybound.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.spec.SecretKeySpec;
import keybound.issuer.ca.RevocationReason;
import keybound.issuer.contract.CertificateHolder;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.contract.RegisteredUser;
import keybound.issuer.contract.Role;
import keybound.issuer.contract.UserId;
import keybound.issuer.enrollment.AdministratorCredentials;
import keybound.issuer.enrollment.UserAcquisition;
import keybound.issuer.refusal.NoAuthorisationException;
import keybound.issuer.refusal.NotAuthorisedException;
import keybound.issuer.refusal.UnknownUserException;
import keybound.issuer.refusal.UserLimitException;
import keybound.issuer.refusal.WrongSecretException;
import keybound.issuer.support.Engine;
import keybound.issuer.support.IssuerTestBase;
import keybound.testkit.keys.SoftwareKeys;
import keybound.token.Secret;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Manual I-3 and II-1: the administrator registers and authorises users; a user acquires once per authorisation. */
@ParameterizedClass
@EnumSource(Engine.class)
class UserEnrollmentTest extends IssuerTestBase {

    private OpenedContract contract;
    private IssuedCertificate adminCertificate;
    private AdministratorCredentials admin;

    @Override
    protected IssuerConfig config(IssuerConfig defaults) {
        return defaults.withMaxUsersPerContract(3);
    }

    @BeforeEach
    void administrator() {
        contract = openContract();
        adminCertificate = acquireAdministrator(contract, SoftwareKeys.ec());
        admin = admin(adminCertificate, contract);
    }

    @Test
    void userAcquiresWithCnOfContractIdUserIdAndBankCode() {
        RegisteredUser user = registerAndAuthorise(admin, "clerk7");
        KeyPair keys = SoftwareKeys.ec();
        IssuedCertificate issued = issuer.acquireUser(userAcquisition(user, keys, Optional.empty()));

        String cn = contract.contractId().value() + "clerk7" + "1234";
        assertTrue(issued.certificate().getSubjectX500Principal().getName().contains("CN=" + cn));
        assertEquals(keys.getPublic(), issued.certificate().getPublicKey());
        assertEquals(Optional.of(CertificateHolder.user(contract.contractId(), new UserId("clerk7"), BANK)),
                issuer.registry().holderOf(issued.certificate()));
        assertEquals(Optional.of(CertificateHolder.administrator(contract.contractId(), BANK)),
                issuer.registry().holderOf(adminCertificate.certificate()));
        var parsed = issuer.commonNames().parse(cn).orElseThrow();
        assertEquals(Optional.of(new UserId("clerk7")), parsed.user());
        assertEquals(contract.contractId(), parsed.contract());
    }

    @Test
    void theAuthorisationIsConsumedByTheAcquisition() {
        RegisteredUser user = registerAndAuthorise(admin, "clerk1");
        issuer.acquireUser(userAcquisition(user, SoftwareKeys.ec(), Optional.empty()));
        assertThrows(NoAuthorisationException.class, () -> issuer.acquireUser(userAcquisition(user, SoftwareKeys.ec(), Optional.empty())));
        assertEquals(2, certificateCount()); // admin + one user certificate
    }

    @Test
    void withoutAnAuthorisationOrAfterItExpiredTheUserIsRefused() {
        RegisteredUser user = issuer.users().register(admin, new UserId("clerk2"));
        assertThrows(NoAuthorisationException.class, () -> issuer.acquireUser(userAcquisition(user, SoftwareKeys.ec(), Optional.empty())));
        issuer.users().authorise(admin(adminCertificate, contract), user.userId(), clock.instant().plus(Duration.ofDays(1)));
        clock.advance(Duration.ofDays(1));
        assertThrows(NoAuthorisationException.class, () -> issuer.acquireUser(userAcquisition(user, SoftwareKeys.ec(), Optional.empty())));
        assertEquals(1, certificateCount());
        assertEquals("0", queryString("SELECT failures FROM contract_user"));
    }

    @Test
    void aMissingAuthorisationIsToldOnlyToWhoKnowsTheSecrets() {
        RegisteredUser user = issuer.users().register(admin, new UserId("clerk8"));
        assertThrows(WrongSecretException.class, () -> issuer.acquireUser(new UserAcquisition(user.contract(), user.userId(),
                user.userPin().copy(), Secret.of("wrong"), SoftwareKeys.csr(SoftwareKeys.ec()), SOFTHSM, Optional.empty())));
        assertEquals("1", queryString("SELECT failures FROM contract_user"), "the wrong secret counts toward the lockout");
        assertThrows(NoAuthorisationException.class, () -> issuer.acquireUser(userAcquisition(user, SoftwareKeys.ec(), Optional.empty())));
        assertEquals(1, certificateCount());
    }

    @Test
    void oneActiveCertificatePerUser() {
        RegisteredUser user = registerAndAuthorise(admin, "clerk3");
        IssuedCertificate first = issuer.acquireUser(userAcquisition(user, SoftwareKeys.ec(), Optional.empty()));
        issuer.users().authorise(admin(adminCertificate, contract), user.userId(), clock.instant().plus(Duration.ofDays(2)));
        IssuedCertificate second = issuer.acquireUser(userAcquisition(user, SoftwareKeys.ec(), Optional.empty()));
        assertEquals(CertificateState.SUPERSEDED, issuer.registry().state(first.certificate()));
        assertEquals(CertificateState.GOOD, issuer.registry().state(second.certificate()));
    }

    @Test
    void wrongUserSecretsAreRefusedAndCounted() {
        RegisteredUser user = registerAndAuthorise(admin, "clerk4");
        var e = assertThrows(WrongSecretException.class, () -> issuer.acquireUser(new UserAcquisition(user.contract(),
                user.userId(), user.userPin().copy(), Secret.of("nope"), SoftwareKeys.csr(SoftwareKeys.ec()), SOFTHSM,
                Optional.empty())));
        assertEquals("チ", e.secretLabel());
        assertEquals("1", queryString("SELECT failures FROM contract_user"));
        assertEquals(1, certificateCount());
        // the authorisation is still open: nothing was consumed by the failed attempt
        issuer.acquireUser(userAcquisition(user, SoftwareKeys.ec(), Optional.empty()));
    }

    @Test
    void unknownUserIsRefused() {
        RegisteredUser user = registerAndAuthorise(admin, "clerk5");
        assertThrows(UnknownUserException.class, () -> issuer.acquireUser(new UserAcquisition(user.contract(),
                new UserId("ghost"), user.userPin().copy(), user.userConfirmationPin().copy(),
                SoftwareKeys.csr(SoftwareKeys.ec()), SOFTHSM, Optional.empty())));
    }

    @Test
    void onlyACurrentAdministratorCertificateWithRoManagesUsers() {
        RegisteredUser user = registerAndAuthorise(admin, "clerk6");
        IssuedCertificate userCertificate = issuer.acquireUser(userAcquisition(user, SoftwareKeys.ec(), Optional.empty()));
        // a user certificate is not an administrator's
        assertThrows(NotAuthorisedException.class, () -> issuer.users().register(
                new AdministratorCredentials(userCertificate.certificate(), contract.confirmationPin().copy()), new UserId("x")));
        // wrong ロ is counted on the contract
        assertThrows(WrongSecretException.class, () -> issuer.users().register(
                new AdministratorCredentials(adminCertificate.certificate(), Secret.of("bad")), new UserId("x")));
        assertEquals("1", queryString("SELECT failures FROM contract"));
        // a superseded administrator certificate no longer counts
        acquireAdministrator(contract, SoftwareKeys.ec());
        assertThrows(NotAuthorisedException.class, () -> issuer.users().register(admin(adminCertificate, contract), new UserId("x")));
    }

    @Test
    void aContractHoldsAtMostTheConfiguredNumberOfUsers() {
        for (String name : List.of("u1", "u2", "u3")) {
            issuer.users().register(admin(adminCertificate, contract), new UserId(name));
        }
        assertThrows(UserLimitException.class, () -> issuer.users().register(admin(adminCertificate, contract), new UserId("u4")));
        assertEquals(3, issuer.users().list(adminCertificate.certificate()).size());
    }

    @Test
    void theAdministratorRevokesAUsersCertificateOnlyInTheirOwnContract() {
        RegisteredUser user = registerAndAuthorise(admin, "leaver");
        IssuedCertificate userCertificate = issuer.acquireUser(userAcquisition(user, SoftwareKeys.ec(), Optional.empty()));
        // another contract's administrator cannot touch this user
        OpenedContract other = openContract();
        IssuedCertificate otherAdmin = acquireAdministrator(other, SoftwareKeys.ec());
        assertThrows(UnknownUserException.class, () -> issuer.users().revokeCertificate(otherAdmin.certificate(),
                user.userId(), RevocationReason.AFFILIATION_CHANGED));
        assertEquals(CertificateState.GOOD, issuer.registry().state(userCertificate.certificate()));
        // a user certificate is no administrator's
        assertThrows(NotAuthorisedException.class, () -> issuer.users().revokeCertificate(userCertificate.certificate(),
                user.userId(), RevocationReason.AFFILIATION_CHANGED));

        assertEquals(List.of(userCertificate.serial()), issuer.users().revokeCertificate(adminCertificate.certificate(),
                user.userId(), RevocationReason.AFFILIATION_CHANGED));
        assertEquals(CertificateState.REVOKED, issuer.registry().state(userCertificate.certificate()));
        assertTrue(issuer.registry().holderOf(userCertificate.certificate()).isEmpty());
        assertEquals(List.of(), issuer.users().revokeCertificate(adminCertificate.certificate(), user.userId(),
                RevocationReason.AFFILIATION_CHANGED));
    }

    @Test
    void theDefaultLimitIs99() {
        assertEquals(99, IssuerConfig.defaults(new SecretKeySpec(new byte[32], "AES")).maxUsersPerContract());
    }

    @Test
    void twoConcurrentAcquisitionsShareOneAuthorisationAndOnlyOneWins() throws Exception {
        RegisteredUser user = registerAndAuthorise(admin, "racer");
        UserAcquisition a = userAcquisition(user, SoftwareKeys.ec(), Optional.empty());
        UserAcquisition b = userAcquisition(user, SoftwareKeys.ec(), Optional.empty());
        var pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<IssuedCertificate>> results = new ArrayList<>();
            for (Callable<IssuedCertificate> call : List.<Callable<IssuedCertificate>>of(() -> issuer.acquireUser(a),
                    () -> issuer.acquireUser(b))) {
                results.add(pool.submit(call));
            }
            int won = 0;
            int refused = 0;
            for (Future<IssuedCertificate> result : results) {
                try {
                    result.get();
                    won++;
                } catch (ExecutionException e) {
                    assertTrue(e.getCause() instanceof NoAuthorisationException, e.getCause().toString());
                    refused++;
                }
            }
            assertEquals(1, won);
            assertEquals(1, refused);
            assertEquals(2, certificateCount());
            assertEquals(1, issuer.registry().certificates(contract.contractId()).stream()
                    .filter(r -> r.role() == Role.USER).count());
        } finally {
            pool.shutdownNow();
        }
    }
}

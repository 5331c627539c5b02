package keybound.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPair;
import java.util.Optional;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.contract.RegisteredUser;
import keybound.issuer.enrollment.AdministratorAcquisition;
import keybound.issuer.enrollment.AdministratorCredentials;
import keybound.issuer.enrollment.Renewal;
import keybound.issuer.enrollment.RenewalKind;
import keybound.issuer.enrollment.RequestId;
import keybound.issuer.enrollment.UserAcquisition;
import keybound.issuer.refusal.InvalidRequestException;
import keybound.issuer.refusal.NoAuthorisationException;
import keybound.issuer.refusal.RequestIdReusedException;
import keybound.issuer.refusal.WrongSecretException;
import keybound.issuer.support.Engine;
import keybound.issuer.support.IssuerTestBase;
import keybound.testkit.keys.SoftwareKeys;
import keybound.token.Secret;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue #14: a request that carries a request id is answered at most once with a new certificate.
 * Its retry after a lost answer (same id, same key, right secrets) gets the same certificate, where
 * without an id it is refused because the first attempt already spent the authorisation.
 */
@ParameterizedClass
@EnumSource(Engine.class)
class IdempotentAcquisitionTest extends IssuerTestBase {

    private static final RequestId ID = new RequestId("c2FtZS1yZXF1ZXN0LWlkLTAx");
    private static final RequestId OTHER_ID = new RequestId("b3RoZXItcmVxdWVzdC1pZC0y");

    private OpenedContract contract;
    private AdministratorCredentials admin;

    @BeforeEach
    void administrator() {
        contract = openContract();
        admin = admin(acquireAdministrator(contract, SoftwareKeys.ec()), contract);
    }

    private UserAcquisition withId(RegisteredUser user, KeyPair keys, RequestId id) {
        UserAcquisition plain = userAcquisition(user, keys, Optional.empty());
        return new UserAcquisition(plain.contract(), plain.user(), plain.userPin(), plain.userConfirmationPin(), plain.csr(),
                plain.token(), plain.attestation(), Optional.of(id));
    }

    @Test
    void aUserRetryWithTheSameIdAndKeyGetsTheSameCertificateOnce() {
        RegisteredUser user = registerAndAuthorise(admin, "retry1");
        KeyPair keys = SoftwareKeys.ec();
        IssuedCertificate first = issuer.acquireUser(withId(user, keys, ID));
        int count = certificateCount();

        // a fresh CSR (new signature bytes) for the same key, as a station resuming after a crash sends
        IssuedCertificate again = issuer.acquireUser(withId(user, keys, ID));

        assertEquals(first.serial(), again.serial());
        assertEquals(first.certificate(), again.certificate());
        assertEquals(count, certificateCount());
        assertEquals(CertificateState.GOOD, issuer.registry().state(again.certificate()));
        assertEquals("1", queryString("SELECT COUNT(*) FROM audit_entry WHERE event = 'ISSUE_REPEATED'"));
    }

    @Test
    void withoutAnIdTheRetryIsRefusedAsBefore() {
        RegisteredUser user = registerAndAuthorise(admin, "retry2");
        KeyPair keys = SoftwareKeys.ec();
        issuer.acquireUser(userAcquisition(user, keys, Optional.empty()));
        assertThrows(NoAuthorisationException.class, () -> issuer.acquireUser(userAcquisition(user, keys, Optional.empty())));
    }

    @Test
    void theRetryStillChecksTheSecretsAndCountsAWrongOne() {
        RegisteredUser user = registerAndAuthorise(admin, "retry3");
        KeyPair keys = SoftwareKeys.ec();
        issuer.acquireUser(withId(user, keys, ID));
        UserAcquisition good = withId(user, keys, ID);
        UserAcquisition wrong = new UserAcquisition(good.contract(), good.user(), Secret.of("wrong-pin".toCharArray()),
                good.userConfirmationPin(), good.csr(), good.token(), good.attestation(), good.requestId());
        assertThrows(WrongSecretException.class, () -> issuer.acquireUser(wrong));
        assertEquals("1", queryString("SELECT failures FROM contract_user WHERE user_id = 'retry3'"));
    }

    @Test
    void theSameIdForAnotherKeyIsRefusedAndIssuesNothing() {
        RegisteredUser user = registerAndAuthorise(admin, "retry4");
        IssuedCertificate first = issuer.acquireUser(withId(user, SoftwareKeys.ec(), ID));
        int count = certificateCount();
        RequestIdReusedException refused = assertThrows(RequestIdReusedException.class,
                () -> issuer.acquireUser(withId(user, SoftwareKeys.ec(), ID)));
        assertEquals("request-id-reused", refused.problem().code());
        assertEquals(count, certificateCount());
        assertEquals(CertificateState.GOOD, issuer.registry().state(first.certificate()));
    }

    @Test
    void anotherHoldersIdIsRefusedEvenForItsKey() {
        RegisteredUser one = registerAndAuthorise(admin, "retry5");
        RegisteredUser two = registerAndAuthorise(admin, "retry6");
        KeyPair keys = SoftwareKeys.ec();
        issuer.acquireUser(withId(one, keys, ID));
        assertThrows(RequestIdReusedException.class, () -> issuer.acquireUser(withId(two, keys, ID)));
    }

    @Test
    void anAdministratorRetryDoesNotSupersedeItsOwnCertificate() {
        OpenedContract other = openContract();
        KeyPair keys = SoftwareKeys.ec();
        IssuedCertificate first = issuer.acquireAdministrator(administratorRequest(other, keys, ID));
        IssuedCertificate again = issuer.acquireAdministrator(administratorRequest(other, keys, ID));
        assertEquals(first.serial(), again.serial());
        assertEquals(CertificateState.GOOD, issuer.registry().state(first.certificate()));
        // a new request (new id) is a new acquisition, which supersedes the first
        IssuedCertificate next = issuer.acquireAdministrator(administratorRequest(other, SoftwareKeys.ec(), OTHER_ID));
        assertEquals(CertificateState.SUPERSEDED, issuer.registry().state(first.certificate()));
        assertEquals(CertificateState.GOOD, issuer.registry().state(next.certificate()));
        // its id now names a superseded certificate: a late retry of the first request gets nothing
        assertThrows(RequestIdReusedException.class, () -> issuer.acquireAdministrator(administratorRequest(other, keys, ID)));
    }

    @Test
    void aRenewalRetryGetsTheSameCertificateThoughTheOldOneIsSuperseded() {
        RegisteredUser user = registerAndAuthorise(admin, "retry7");
        KeyPair oldKeys = SoftwareKeys.ec();
        IssuedCertificate current = issuer.acquireUser(userAcquisition(user, oldKeys, Optional.empty()));
        KeyPair newKeys = SoftwareKeys.ec();
        IssuedCertificate migrated = issuer.renew(migration(current, oldKeys, newKeys, user));
        IssuedCertificate again = issuer.renew(migration(current, oldKeys, newKeys, user));
        assertEquals(migrated.serial(), again.serial());
        assertEquals(CertificateState.SUPERSEDED, issuer.registry().state(current.certificate()));
    }

    @Test
    void anIdTooShortToBeRandomIsRefused() {
        assertThrows(InvalidRequestException.class, () -> new RequestId("short"));
        assertThrows(InvalidRequestException.class, () -> new RequestId("has spaces and is long enough to pass"));
    }

    private static AdministratorAcquisition administratorRequest(OpenedContract c, KeyPair keys, RequestId id) {
        return new AdministratorAcquisition(c.contractId(), c.contractPin().copy(), c.confirmationPin().copy(),
                SoftwareKeys.csr(keys), SOFTHSM, Optional.empty(), Optional.of(id));
    }

    private static Renewal migration(IssuedCertificate current, KeyPair oldKeys, KeyPair newKeys, RegisteredUser user) {
        byte[] csr = SoftwareKeys.csr(newKeys);
        return new Renewal(RenewalKind.MIGRATION, current.certificate(), csr, SoftwareKeys.sign(oldKeys, Renewal.proofMessage(csr)),
                user.userPin().copy(), user.userConfirmationPin().copy(), SOFTHSM, Optional.empty(), Optional.of(ID));
    }
}

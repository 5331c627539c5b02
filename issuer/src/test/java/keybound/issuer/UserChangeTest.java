package keybound.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.util.Optional;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.contract.RegisteredUser;
import keybound.issuer.contract.UserId;
import keybound.issuer.contract.UserSecret;
import keybound.issuer.enrollment.AdministratorCredentials;
import keybound.issuer.enrollment.Renewal;
import keybound.issuer.enrollment.RenewalKind;
import keybound.issuer.enrollment.UserAcquisition;
import keybound.issuer.refusal.AccountLockedException;
import keybound.issuer.refusal.NotAuthorisedException;
import keybound.issuer.refusal.UnknownUserException;
import keybound.issuer.refusal.UserSuspendedException;
import keybound.issuer.refusal.WrongSecretException;
import keybound.issuer.support.Engine;
import keybound.issuer.support.WithAdministrator;
import keybound.testkit.keys.SoftwareKeys;
import keybound.token.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Manual I-3, user change: the administrator resets a user's secrets, suspends and resumes the user. */
@ParameterizedClass
@EnumSource(Engine.class)
class UserChangeTest extends WithAdministrator {

    @Test
    void aResetHandsOutNewSecretsOnceClearsTheCounterAndRetiresTheOldOnes() {
        RegisteredUser old = registerAndAuthorise(admin(), "clerk1");
        assertThrows(WrongSecretException.class, () -> issuer.acquireUser(new UserAcquisition(old.contract(), old.userId(),
                old.userPin().copy(), Secret.of("00000000"), SoftwareKeys.csr(SoftwareKeys.ec()), SOFTHSM, Optional.empty())));
        assertEquals("1", queryString("SELECT failures FROM contract_user"));

        RegisteredUser fresh = issuer.users().resetSecrets(admin(), old.userId());

        assertEquals(old.userId(), fresh.userId());
        assertEquals("0", queryString("SELECT failures FROM contract_user"));
        String stored = queryString("SELECT user_pin_hash FROM contract_user");
        assertTrue(stored.startsWith("$argon2id$"), "stored only hashed");
        assertFalse(stored.contains(fresh.userPin().withChars(String::new)));
        assertThrows(WrongSecretException.class, () -> issuer.acquireUser(userAcquisition(old, SoftwareKeys.ec(), Optional.empty())));
        IssuedCertificate issued = issuer.acquireUser(userAcquisition(fresh, SoftwareKeys.ec(), Optional.empty()));
        assertEquals(CertificateState.GOOD, issuer.registry().state(issued.certificate()));
        assertEquals(1, auditCount("USER_SECRETS_RESET"));
    }

    @Test
    void aSuspendedUserCanNeitherAcquireNorLogOnUntilResumed() {
        RegisteredUser user = registerAndAuthorise(admin(), "clerk2");
        KeyPair keys = SoftwareKeys.ec();
        IssuedCertificate certificate = issuer.acquireUser(userAcquisition(user, keys, Optional.empty()));
        issuer.users().authorise(admin(), user.userId(), clock.instant().plusSeconds(3600));

        assertTrue(issuer.users().suspend(admin(), user.userId()));
        assertFalse(issuer.users().suspend(admin(), user.userId()), "already suspended");

        assertEquals(CertificateState.SUSPENDED, issuer.registry().state(certificate.certificate()));
        assertEquals(Optional.empty(), issuer.registry().holderOf(certificate.certificate()));
        assertThrows(UserSuspendedException.class, () -> issuer.secrets().checkUser(user.contract(), user.userId(),
                UserSecret.USER_PIN, user.userPin().copy()));
        assertThrows(UserSuspendedException.class, () -> issuer.acquireUser(userAcquisition(user, SoftwareKeys.ec(), Optional.empty())));
        byte[] csr = SoftwareKeys.csr(SoftwareKeys.ec());
        assertThrows(UserSuspendedException.class, () -> issuer.renew(new Renewal(RenewalKind.MIGRATION,
                certificate.certificate(), csr, SoftwareKeys.sign(keys, Renewal.proofMessage(csr)), user.userPin().copy(),
                user.userConfirmationPin().copy(), SOFTHSM, Optional.empty())), "no migration to a new token either");
        assertEquals("0", queryString("SELECT failures FROM contract_user"), "no secret was checked");
        assertEquals(2, certificateCount());

        assertTrue(issuer.users().resume(admin(), user.userId()));
        assertFalse(issuer.users().resume(admin(), user.userId()), "not suspended any more");
        assertEquals(CertificateState.GOOD, issuer.registry().state(certificate.certificate()));
        assertTrue(issuer.registry().holderOf(certificate.certificate()).isPresent());
        issuer.acquireUser(userAcquisition(user, SoftwareKeys.ec(), Optional.empty()));
        assertEquals(1, auditCount("USER_SUSPENDED"));
        assertEquals(1, auditCount("USER_RESUMED"));
    }

    @Test
    void anotherContractsUserIsUnknown() {
        registerAndAuthorise(admin(), "clerk3");
        OpenedContract other = openContract();
        AdministratorCredentials otherAdmin = admin(acquireAdministrator(other, SoftwareKeys.ec()), other);
        UserId clerk = new UserId("clerk3");
        assertThrows(UnknownUserException.class, () -> issuer.users().resetSecrets(otherAdmin, clerk));
        assertThrows(UnknownUserException.class, () -> issuer.users().suspend(otherAdmin, clerk));
        assertThrows(UnknownUserException.class, () -> issuer.users().resume(otherAdmin, clerk));
        assertEquals("ACTIVE", queryString("SELECT status FROM contract_user"));
    }

    @Test
    void wrongRoCountsTowardTheContractsLockoutAndALockedContractIsRefused() {
        RegisteredUser user = registerAndAuthorise(admin(), "clerk4");
        var wrong = new AdministratorCredentials(adminCertificate.certificate(), Secret.of("99999999"));
        var e = assertThrows(WrongSecretException.class, () -> issuer.users().suspend(wrong, user.userId()));
        assertEquals("ロ", e.secretLabel());
        assertEquals("1", queryString("SELECT failures FROM contract WHERE contract_id = '" + contract.contractId().value() + "'"));
        sql("UPDATE contract SET status = 'LOCKED'");
        assertThrows(AccountLockedException.class, () -> issuer.users().resetSecrets(admin(), user.userId()));
        assertThrows(AccountLockedException.class, () -> issuer.users().suspend(admin(), user.userId()));
        assertEquals("ACTIVE", queryString("SELECT status FROM contract_user"));
    }

    @Test
    void onlyACurrentAdministratorCertificateChangesUsers() {
        RegisteredUser user = registerAndAuthorise(admin(), "clerk5");
        IssuedCertificate userCertificate = issuer.acquireUser(userAcquisition(user, SoftwareKeys.ec(), Optional.empty()));
        var asUser = new AdministratorCredentials(userCertificate.certificate(), contract.confirmationPin().copy());
        assertThrows(NotAuthorisedException.class, () -> issuer.users().resetSecrets(asUser, user.userId()));
        acquireAdministrator(contract, SoftwareKeys.ec()); // supersedes adminCertificate
        assertThrows(NotAuthorisedException.class, () -> issuer.users().suspend(admin(), user.userId()));
        assertEquals("0", queryString("SELECT failures FROM contract"), "refused before ロ was checked");
    }

    @Test
    void aUserLockedByWrongSecretsIsTheBanksToUnlock() {
        RegisteredUser user = registerAndAuthorise(admin(), "clerk6");
        sql("UPDATE contract_user SET status = 'LOCKED', failures = 5");
        assertThrows(AccountLockedException.class, () -> issuer.users().resetSecrets(admin(), user.userId()));
        assertThrows(AccountLockedException.class, () -> issuer.users().suspend(admin(), user.userId()));
        assertEquals("5", queryString("SELECT failures FROM contract_user"));
        assertEquals(2, Integer.parseInt(queryString("SELECT COUNT(*) FROM audit_entry WHERE event = 'DENIED' "
                + "AND subject = 'user:" + contract.contractId().value() + "/clerk6' AND detail LIKE 'AccountLockedException%'")));
    }

    private int auditCount(String event) {
        return Integer.parseInt(queryString("SELECT COUNT(*) FROM audit_entry WHERE event = '" + event + "'"));
    }
}

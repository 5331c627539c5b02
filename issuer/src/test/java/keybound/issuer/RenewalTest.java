package keybound.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import keybound.issuer.ca.RevocationReason;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.contract.RegisteredUser;
import keybound.issuer.enrollment.Renewal;
import keybound.issuer.enrollment.RenewalKind;
import keybound.issuer.enrollment.TokenReport;
import keybound.issuer.refusal.InvalidRequestException;
import keybound.issuer.refusal.NotAuthorisedException;
import keybound.issuer.refusal.RenewalNotOpenException;
import keybound.issuer.refusal.WrongSecretException;
import keybound.issuer.support.Engine;
import keybound.issuer.support.IssuerTestBase;
import keybound.testkit.keys.SoftwareKeys;
import keybound.token.Secret;
import keybound.token.TokenKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Renewal (30 days before expiry) and migration (any time) prove the old key and the secrets; the old certificate is superseded. */
@ParameterizedClass
@EnumSource(Engine.class)
class RenewalTest extends IssuerTestBase {

    private static final TokenReport NEW_TOKEN = new TokenReport(TokenKind.PKCS11, "SoftHSM v2", "new-token-01");

    private Renewal renewal(RenewalKind kind, IssuedCertificate current, KeyPair oldKeys, KeyPair newKeys, Secret a, Secret b) {
        byte[] csr = SoftwareKeys.csr(newKeys);
        return new Renewal(kind, current.certificate(), csr, SoftwareKeys.sign(oldKeys, Renewal.proofMessage(csr)), a, b,
                NEW_TOKEN, Optional.empty());
    }

    @Test
    void renewalOpensThirtyDaysBeforeExpiryAndSupersedesTheOldCertificate() {
        OpenedContract contract = openContract();
        KeyPair oldKeys = SoftwareKeys.ec();
        IssuedCertificate current = acquireAdministrator(contract, oldKeys);

        clock.advance(Duration.ofDays(365 - 31));
        assertThrows(RenewalNotOpenException.class, () -> issuer.renew(renewal(RenewalKind.RENEWAL, current, oldKeys,
                SoftwareKeys.ec(), contract.contractPin().copy(), contract.confirmationPin().copy())));

        clock.advance(Duration.ofDays(1));
        KeyPair newKeys = SoftwareKeys.ec();
        IssuedCertificate renewed = issuer.renew(renewal(RenewalKind.RENEWAL, current, oldKeys, newKeys,
                contract.contractPin().copy(), contract.confirmationPin().copy()));
        assertEquals(newKeys.getPublic(), renewed.certificate().getPublicKey());
        assertEquals(current.record().commonName(), renewed.record().commonName());
        assertEquals("new-token-01", renewed.record().token().serial());
        assertEquals(CertificateState.SUPERSEDED, issuer.registry().state(current.certificate()));
        var old = issuer.registry().certificates(contract.contractId()).stream().filter(r -> r.serial().equals(current.serial()))
                .findFirst().orElseThrow();
        assertEquals(Optional.of(renewed.serial()), old.replacedBy());
        assertEquals(Optional.of(RevocationReason.SUPERSEDED), old.revocationReason());
    }

    @Test
    void migrationToANewTokenWorksAnyTimeForAUser() {
        OpenedContract contract = openContract();
        var admin = admin(acquireAdministrator(contract, SoftwareKeys.ec()), contract);
        RegisteredUser user = registerAndAuthorise(admin, "mover");
        KeyPair oldKeys = SoftwareKeys.ec();
        IssuedCertificate current = issuer.acquireUser(userAcquisition(user, oldKeys, Optional.empty()));
        IssuedCertificate migrated = issuer.renew(renewal(RenewalKind.MIGRATION, current, oldKeys, SoftwareKeys.rsa(2048),
                user.userPin().copy(), user.userConfirmationPin().copy()));
        assertEquals(CertificateState.GOOD, issuer.registry().state(migrated.certificate()));
        assertEquals(CertificateState.SUPERSEDED, issuer.registry().state(current.certificate()));
        assertTrue(issuer.registry().holderOf(migrated.certificate()).orElseThrow().user().isPresent());
    }

    @Test
    void withoutProofOfTheOldKeyNothingIsIssued() {
        OpenedContract contract = openContract();
        KeyPair oldKeys = SoftwareKeys.ec();
        IssuedCertificate current = acquireAdministrator(contract, oldKeys);
        assertThrows(NotAuthorisedException.class, () -> issuer.renew(renewal(RenewalKind.MIGRATION, current,
                SoftwareKeys.ec(), SoftwareKeys.ec(), contract.contractPin().copy(), contract.confirmationPin().copy())));
        assertEquals(1, certificateCount());
        assertEquals(CertificateState.GOOD, issuer.registry().state(current.certificate()));
    }

    @Test
    void wrongSecretsRefuseTheRenewalAndCount() {
        OpenedContract contract = openContract();
        KeyPair oldKeys = SoftwareKeys.ec();
        IssuedCertificate current = acquireAdministrator(contract, oldKeys);
        assertThrows(WrongSecretException.class, () -> issuer.renew(renewal(RenewalKind.MIGRATION, current, oldKeys,
                SoftwareKeys.ec(), contract.contractPin().copy(), Secret.of("wrong"))));
        assertEquals("1", queryString("SELECT failures FROM contract"));
        assertEquals(1, certificateCount());
    }

    @Test
    void whetherRenewalIsOpenIsToldOnlyAfterTheSecrets() {
        OpenedContract contract = openContract();
        KeyPair oldKeys = SoftwareKeys.ec();
        IssuedCertificate current = acquireAdministrator(contract, oldKeys);
        assertThrows(WrongSecretException.class, () -> issuer.renew(renewal(RenewalKind.RENEWAL, current, oldKeys,
                SoftwareKeys.ec(), Secret.of("wrong"), contract.confirmationPin().copy())));
        assertEquals("1", queryString("SELECT failures FROM contract"), "counted although renewal is not open yet");
        assertThrows(RenewalNotOpenException.class, () -> issuer.renew(renewal(RenewalKind.RENEWAL, current, oldKeys,
                SoftwareKeys.ec(), contract.contractPin().copy(), contract.confirmationPin().copy())));
        issuer.revocations().revoke(current.serial(), RevocationReason.KEY_COMPROMISE);
        assertThrows(WrongSecretException.class, () -> issuer.renew(renewal(RenewalKind.MIGRATION, current, oldKeys,
                SoftwareKeys.ec(), contract.contractPin().copy(), Secret.of("wrong"))), "a revoked certificate is told only after the secrets");
        assertEquals(1, certificateCount());
    }

    @Test
    void withoutProofOfTheOldKeyNoSecretIsCheckedOrCounted() {
        OpenedContract contract = openContract();
        KeyPair oldKeys = SoftwareKeys.ec();
        IssuedCertificate current = acquireAdministrator(contract, oldKeys);
        for (int i = 0; i < 6; i++) {
            assertThrows(NotAuthorisedException.class, () -> issuer.renew(renewal(RenewalKind.MIGRATION, current,
                    SoftwareKeys.ec(), SoftwareKeys.ec(), Secret.of("wrong"), Secret.of("wrong"))));
        }
        assertEquals("0", queryString("SELECT failures FROM contract"), "only the key's holder may try the secrets");
        assertEquals("OPEN", queryString("SELECT status FROM contract"));
    }

    @Test
    void theSameKeyCannotBeRenewedAndARevokedCertificateCannotRenew() {
        OpenedContract contract = openContract();
        KeyPair oldKeys = SoftwareKeys.ec();
        IssuedCertificate current = acquireAdministrator(contract, oldKeys);
        assertThrows(InvalidRequestException.class, () -> issuer.renew(renewal(RenewalKind.MIGRATION, current, oldKeys,
                oldKeys, contract.contractPin().copy(), contract.confirmationPin().copy())));
        issuer.revocations().revoke(current.serial(), RevocationReason.KEY_COMPROMISE);
        assertThrows(RenewalNotOpenException.class, () -> issuer.renew(renewal(RenewalKind.MIGRATION, current, oldKeys,
                SoftwareKeys.ec(), contract.contractPin().copy(), contract.confirmationPin().copy())));
    }

    @Test
    void expiryNoticesAreDueAtFortyThirtyAndTenDays() {
        IssuedCertificate issued = acquireAdministrator(openContract(), SoftwareKeys.ec());
        var notAfter = issued.record().notAfter();
        for (int days : List.of(40, 30, 10)) {
            clock.set(notAfter.minus(Duration.ofDays(days)).minusSeconds(3600));
            List<ExpiryNotice> due = issuer.registry().expiryNotices(clock.instant());
            assertEquals(1, due.size(), "at " + days + " days");
            assertEquals(days, due.get(0).daysLeft());
            assertEquals(issued.serial(), due.get(0).certificate().serial());
        }
        for (int days : List.of(41, 35, 20, 9)) {
            clock.set(notAfter.minus(Duration.ofDays(days)).minusSeconds(3600));
            assertTrue(issuer.registry().expiryNotices(clock.instant()).isEmpty(), "no notice at " + days + " days");
        }
    }
}

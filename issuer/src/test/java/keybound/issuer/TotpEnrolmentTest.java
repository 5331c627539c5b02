package keybound.issuer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.spec.SecretKeySpec;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.contract.RegisteredUser;
import keybound.issuer.contract.TotpEnrolment;
import keybound.issuer.enrollment.AdministratorCredentials;
import keybound.issuer.refusal.AccountLockedException;
import keybound.issuer.refusal.NotAuthorisedException;
import keybound.issuer.refusal.WrongSecretException;
import keybound.issuer.support.Engine;
import keybound.issuer.support.IssuerTokenCa;
import keybound.issuer.support.WithAdministrator;
import keybound.testkit.keys.SoftwareKeys;
import keybound.token.Secret;
import keybound.token.card.CardAttestationVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The administrator's TOTP seed: enrolled once in clear, kept sealed, opened for logon; time steps only move forward. */
@ParameterizedClass
@EnumSource(Engine.class)
class TotpEnrolmentTest extends WithAdministrator {

    @Test
    void theSeedIsHandedOutOnceAndStoredOnlySealed() {
        assertFalse(issuer.totp().isEnrolled(contract.contractId()));
        try (TotpEnrolment enrolment = issuer.totp().enrol(admin())) {
            String base32 = enrolment.base32Seed().withChars(String::new);
            assertEquals(32, base32.length(), "160 bits");
            assertTrue(base32.matches("[A-Z2-7]{32}"), "base32 alphabet");
            String id = contract.contractId().value();
            assertEquals("otpauth://totp/Keybound%20Shinkin%20Bank:" + id + "?secret=" + base32
                    + "&issuer=Keybound%20Shinkin%20Bank&algorithm=SHA1&digits=6&period=30", enrolment.otpauthUri().withChars(String::new));
            assertFalse(enrolment.toString().contains(base32));

            byte[] seed = issuer.totp().seed(contract.contractId()).orElseThrow();
            assertEquals(20, seed.length);
            assertArrayEquals(decodeBase32(base32), seed);
            String stored = queryString("SELECT totp_sealed FROM contract WHERE contract_id = '" + id + "'");
            assertFalse(stored.contains(base32));
            assertFalse(stored.contains(Base64.getEncoder().encodeToString(seed)));
            assertTrue(issuer.totp().isEnrolled(contract.contractId()));
        }
        assertEquals("1", queryString("SELECT COUNT(*) FROM audit_entry WHERE event = 'TOTP_ENROLLED'"));
    }

    @Test
    void theSealOpensOnlyWithTheBanksKeyAndForItsOwnContract() {
        issuer.totp().enrol(admin()).close();
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        Issuer otherKeyIssuer = new Issuer(database, IssuerTokenCa.shared(), new CardAttestationVerifier(List.of(MANUFACTURER.trustAnchor()),
                Clock.systemUTC()), config.withSealingKey(new SecretKeySpec(otherKey, "AES")), clock);
        assertThrows(IllegalArgumentException.class, () -> otherKeyIssuer.totp().seed(contract.contractId()));

        OpenedContract other = openContract();
        sql("UPDATE contract SET totp_sealed = (SELECT totp_sealed FROM contract WHERE contract_id = '"
                + contract.contractId().value() + "') WHERE contract_id = '" + other.contractId().value() + "'");
        assertThrows(IllegalArgumentException.class, () -> issuer.totp().seed(other.contractId()));
    }

    @Test
    void aTimeStepIsAcceptedOnceAndNeverAnEarlierOneEvenAfterARestart() {
        assertFalse(issuer.totp().advanceStep(contract.contractId(), 100), "nothing enrolled");
        issuer.totp().enrol(admin()).close();
        assertTrue(issuer.totp().advanceStep(contract.contractId(), 100));
        assertFalse(issuer.totp().advanceStep(contract.contractId(), 100), "replay");
        assertFalse(issuer.totp().advanceStep(contract.contractId(), 99), "earlier step");
        assertTrue(issuer.totp().advanceStep(contract.contractId(), 101));

        Issuer restarted = new Issuer(database, IssuerTokenCa.shared(), new CardAttestationVerifier(List.of(MANUFACTURER.trustAnchor()),
                Clock.systemUTC()), config, clock);
        assertFalse(restarted.totp().advanceStep(contract.contractId(), 101));
        assertTrue(restarted.totp().advanceStep(contract.contractId(), 102));
    }

    @Test
    void ofConcurrentChecksOfOneStepExactlyOneWins() throws Exception {
        issuer.totp().enrol(admin()).close();
        var pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> issuer.totp().advanceStep(contract.contractId(), 5000));
            }
            int wins = 0;
            for (Future<Boolean> f : pool.invokeAll(calls)) {
                wins += f.get() ? 1 : 0;
            }
            assertEquals(1, wins);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void removalEndsTheSeedAndAReEnrolmentKeepsOldStepsSpent() {
        byte[] first;
        issuer.totp().enrol(admin()).close();
        first = issuer.totp().seed(contract.contractId()).orElseThrow();
        assertTrue(issuer.totp().advanceStep(contract.contractId(), 300));

        assertTrue(issuer.totp().remove(admin()));
        assertFalse(issuer.totp().remove(admin()), "nothing left to remove");
        assertEquals(Optional.empty(), issuer.totp().seed(contract.contractId()));
        assertFalse(issuer.totp().advanceStep(contract.contractId(), 301));
        assertEquals("1", queryString("SELECT COUNT(*) FROM audit_entry WHERE event = 'TOTP_REMOVED'"));

        issuer.totp().enrol(admin()).close();
        assertFalse(Arrays.equals(first, issuer.totp().seed(contract.contractId()).orElseThrow()), "a new seed");
        assertFalse(issuer.totp().advanceStep(contract.contractId(), 300));
        assertTrue(issuer.totp().advanceStep(contract.contractId(), 301));
    }

    @Test
    void onlyTheAdministratorWithRoEnrolsAndAClosedContractHasNoSeed() {
        RegisteredUser user = registerAndAuthorise(admin(), "clerk1");
        IssuedCertificate userCertificate = issuer.acquireUser(userAcquisition(user, SoftwareKeys.ec(), Optional.empty()));
        assertThrows(NotAuthorisedException.class, () -> issuer.totp().enrol(
                new AdministratorCredentials(userCertificate.certificate(), contract.confirmationPin().copy())));
        assertThrows(WrongSecretException.class, () -> issuer.totp().enrol(
                new AdministratorCredentials(adminCertificate.certificate(), Secret.of("12345678"))));
        assertEquals("1", queryString("SELECT failures FROM contract WHERE contract_id = '" + contract.contractId().value() + "'"));
        assertFalse(issuer.totp().isEnrolled(contract.contractId()));

        issuer.totp().enrol(admin()).close();
        sql("UPDATE contract SET status = 'LOCKED'");
        assertThrows(AccountLockedException.class, () -> issuer.totp().remove(admin()));
        assertTrue(issuer.totp().isEnrolled(contract.contractId()));
        sql("UPDATE contract SET status = 'OPEN'");
        issuer.backOffice().closeContract(contract.contractId());
        assertEquals(Optional.empty(), issuer.totp().seed(contract.contractId()));
    }

    private static byte[] decodeBase32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >>> (bits - 8)) & 0xFF);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}

package keybound.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import keybound.logon.otp.Totp;
import keybound.logon.otp.TotpAlgorithm;
import keybound.logon.otp.TotpKey;
import keybound.bankapi.client.BackOfficeClient;
import keybound.bankapi.BankApi;
import keybound.bankapi.client.BankApiException;
import keybound.bankapi.client.BankClient;
import keybound.server.fixture.BankFixture;
import keybound.testkit.softhsm.SoftHsmExtension;
import keybound.token.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The administrator's TOTP alternative to the customer card, enrolled and used over HTTPS. */
@ExtendWith(SoftHsmExtension.class)
class TotpOverHttpsTest {

    @TempDir
    Path directory;

    private BankFixture bank;

    @AfterEach
    void close() {
        bank.close();
    }

    @Test
    void enrolledAdministratorLogsOnWithTotpOnceperCode() {
        bank = BankFixture.open(directory);
        BankFixture.Administrator administrator = bank.administrator();
        BankApi.OpenedContract contract = administrator.contract();
        BankClient admin = bank.client(administrator.keyManager());
        BankApi.SecondStep step = admin.logonWithCertificate();
        assertFalse(step.totpAccepted());
        String session = admin.completeWithCard(step.attempt(), contract.contractPin(),
                BankStoryTest.cardDigits(contract.card(), step.cardCells())).session();

        BankApi.TotpEnrolment enrolment = admin.enrolTotp(session, contract.confirmationPin());
        assertTrue(enrolment.otpauthUri().withChars(String::new).startsWith("otpauth://totp/"));
        TotpKey key = new TotpKey(base32(enrolment.base32Seed().withChars(String::new)), TotpAlgorithm.SHA1);
        Totp totp = new Totp();
        Secret code = Secret.of(totp.codeAt(key, totp.stepAt(bank.now())));

        BankApi.SecondStep withTotp = admin.logonWithCertificate();
        assertTrue(withTotp.totpAccepted());
        assertEquals("administrator", admin.completeWithTotp(withTotp.attempt(), contract.contractPin(), code)
                .account().kind());
        // The same code again is refused: its time step is used.
        String again = admin.logonWithCertificate().attempt();
        BankApiException replayed = assertThrows(BankApiException.class,
                () -> admin.completeWithTotp(again, contract.contractPin(), code));
        assertEquals("credentials-rejected", replayed.code());
    }

    @Test
    void fiveWrongCodesWithTheRightPinLockTheContractAndTheRightCodeAfterThemIsRefused() {
        bank = BankFixture.open(directory);
        BankFixture.Administrator administrator = bank.administrator();
        BankApi.OpenedContract contract = administrator.contract();
        BankClient admin = bank.client(administrator.keyManager());
        BankApi.SecondStep step = admin.logonWithCertificate();
        String session = admin.completeWithCard(step.attempt(), contract.contractPin().copy(),
                BankStoryTest.cardDigits(contract.card(), step.cardCells())).session();
        BankApi.TotpEnrolment enrolment = admin.enrolTotp(session, contract.confirmationPin().copy());
        TotpKey key = new TotpKey(base32(enrolment.base32Seed().withChars(String::new)), TotpAlgorithm.SHA1);
        Totp totp = new Totp();
        long now = totp.stepAt(bank.now());
        Secret right = Secret.of(totp.codeAt(key, now));
        // a code no step near now gives, so that it is wrong whatever window the bank allows
        String wrong = "000000";
        for (int candidate = 0; List.of(totp.codeAt(key, now - 1), totp.codeAt(key, now), totp.codeAt(key, now + 1))
                .contains(wrong); candidate++) {
            wrong = String.format(Locale.ROOT, "%06d", candidate + 1);
        }

        // a second step handed out before the lock, to be answered rightly after it
        String keptAttempt = admin.logonWithCertificate().attempt();
        for (int i = 0; i < 5; i++) {
            String attempt = admin.logonWithCertificate().attempt();
            Secret wrongCode = Secret.of(wrong);
            BankApiException refused = assertThrows(BankApiException.class,
                    () -> admin.completeWithTotp(attempt, contract.contractPin().copy(), wrongCode));
            // the right イ clears nothing: the fifth wrong code locks, and says so
            assertEquals(i < 4 ? "credentials-rejected" : "account-locked", refused.code(), "wrong code " + (i + 1));
            assertEquals(i < 4 ? 401 : 403, refused.status());
        }
        BankApiException locked = assertThrows(BankApiException.class,
                () -> admin.completeWithTotp(keptAttempt, contract.contractPin().copy(), right));
        assertEquals("account-locked", locked.code(), "every factor right, after the lock");
        assertEquals("account-locked", assertThrows(BankApiException.class, admin::logonWithCertificate).code());
        try (BackOfficeClient operator = bank.operator()) {
            assertTrue(operator.unlockContract(contract.contractId()), "only the bank ends the lock");
        }
        BankApi.SecondStep again = admin.logonWithCertificate();
        assertEquals("administrator", admin.completeWithTotp(again.attempt(), contract.contractPin().copy(), right)
                .account().kind(), "the right code, unused, after the unlock");
    }

    static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : text.replace("=", "").toUpperCase(Locale.ROOT).toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}

package keybound.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import keybound.logon.otp.Totp;
import keybound.logon.otp.TotpAlgorithm;
import keybound.logon.otp.TotpKey;
import keybound.bankapi.BankApi;
import keybound.bankapi.client.BankApiException;
import keybound.bankapi.client.BankClient;
import keybound.server.fixture.BankFixture;
import keybound.server.fixture.Registry;
import keybound.testkit.keys.SoftwareKeys;
import keybound.testkit.softhsm.SoftHsmExtension;
import keybound.token.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Logon state in the registry database over real HTTPS: a logon in progress and a used TOTP step
 * outlive the server (two or three {@link BankApplication} lifetimes on one database, H2 and
 * PostgreSQL), and the server's own scheduler purges what has expired.
 */
@ExtendWith(SoftHsmExtension.class)
class LogonStateAcrossRestartTest {

    @TempDir
    Path directory;

    private BankFixture bank;

    @AfterEach
    void close() {
        if (bank != null) {
            bank.close();
        }
    }

    /** Starts the bank on a fresh database at {@code url}, with a contract whose administrator has a certificate (software key). */
    private BankFixture.Administrator startWithAdministrator(Registry registry, String url) {
        bank = BankFixture.open(directory, registry, url, Instant.now());
        return bank.administrator();
    }

    /** Stops the bank and starts it again on the same database, its clock where it was. */
    private void restart(Registry registry, String url, String... settings) {
        Instant now = bank.now();
        bank.close();
        bank = null;
        bank = BankFixture.open(directory, registry, url, now, settings);
    }

    @ParameterizedTest
    @EnumSource(Registry.class)
    void aChallengeIssuedBeforeARestartIsAnsweredAfterItAndItsSecondStepAfterAnother(Registry registry) {
        String url = registry.jdbcUrl();
        BankFixture.Administrator admin = startWithAdministrator(registry, url);
        BankClient before = bank.anonymous();
        BankApi.Challenge challenge = before.challenge();
        // Signed for the origin the client asked; the restarted server checks it against the origin it stored.
        var answer = new BankApi.ChallengeAnswer(challenge.nonce(), BankClient.base64(admin.certificate()),
                BankClient.base64(SoftwareKeys.sign(admin.keys(), before.toBeSigned(challenge))));

        restart(registry, url);
        BankApi.SecondStep step = bank.anonymous().answerChallenge(answer);
        assertEquals("contract-pin-and-one-time-password", step.secondStep());
        assertEquals("challenge-invalid", assertThrows(BankApiException.class,
                () -> bank.anonymous().answerChallenge(answer)).code());

        restart(registry, url);
        BankApi.Session session = bank.anonymous().completeWithCard(step.attempt(), admin.contract().contractPin(),
                BankStoryTest.cardDigits(admin.contract().card(), step.cardCells()));
        assertEquals("SIGNED_CHALLENGE", session.method());
        assertEquals("administrator", bank.anonymous().session(session.session()).account().kind());
    }

    @ParameterizedTest
    @EnumSource(Registry.class)
    void aTotpStepUsedBeforeARestartIsRefusedAfterIt(Registry registry) {
        String url = registry.jdbcUrl();
        BankFixture.Administrator admin = startWithAdministrator(registry, url);
        BankClient client = bank.client(admin.keyManager());
        BankApi.SecondStep first = client.logonWithCertificate();
        String session = client.completeWithCard(first.attempt(), admin.contract().contractPin(),
                BankStoryTest.cardDigits(admin.contract().card(), first.cardCells())).session();
        BankApi.TotpEnrolment enrolment = client.enrolTotp(session, admin.contract().confirmationPin());
        TotpKey key = new TotpKey(TotpOverHttpsTest.base32(enrolment.base32Seed().withChars(String::new)), TotpAlgorithm.SHA1);
        Totp totp = new Totp();
        Secret code = Secret.of(totp.codeAt(key, totp.stepAt(bank.now())));
        assertEquals("administrator", client.completeWithTotp(client.logonWithCertificate().attempt(),
                admin.contract().contractPin(), code).account().kind());

        restart(registry, url);
        BankClient after = bank.client(admin.keyManager());
        String attempt = after.logonWithCertificate().attempt();
        assertEquals("credentials-rejected", assertThrows(BankApiException.class,
                () -> after.completeWithTotp(attempt, admin.contract().contractPin(), code)).code());
        // The next step's code is still good: the refusal was the used step, not the restarted server.
        bank.advance(Duration.ofSeconds(30));
        Secret next = Secret.of(totp.codeAt(key, totp.stepAt(bank.now())));
        assertEquals("administrator", after.completeWithTotp(after.logonWithCertificate().attempt(),
                admin.contract().contractPin(), next).account().kind());
    }

    @Test
    void theServersSchedulerPurgesExpiredChallengesAndStopsWithTheServer() throws Exception {
        bank = BankFixture.open(directory, Registry.H2, Registry.H2.jdbcUrl(), Instant.now(), "logon.purge-seconds=1");
        bank.anonymous().challenge();
        assertEquals(1, challengeRows());

        bank.advance(Duration.ofSeconds(60)); // the challenge's lifetime
        assertTrue(eventually(() -> challengeRows() == 0), "the scheduled purge deletes the expired challenge");
        assertTrue(purgeThreadAlive());

        bank.server().close();
        assertTrue(eventually(() -> !purgeThreadAlive()), "the purge thread ends with the server");
    }

    /** Polls {@code condition} for up to a minute (no claim about speed, only that it happens). */
    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    private int challengeRows() {
        return bank.logonDatabase().inTransaction(c -> {
            try (var st = c.prepareStatement("SELECT COUNT(*) FROM logon_challenge"); var r = st.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        });
    }

    private static boolean purgeThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("logon-purge") && t.isAlive());
    }
}

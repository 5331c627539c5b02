package keybound.logon.challenge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import keybound.logon.InMemoryOneTimeStore;
import keybound.testkit.ca.TestCa;
import keybound.testkit.clock.MutableClock;
import org.junit.jupiter.api.Test;

class LogonChallengesTest {

    private static final String ORIGIN = "https://127.0.0.1:8443";
    private static final KeyPair EC = TestCa.ecKeyPair();
    private static final KeyPair RSA = TestCa.rsaKeyPair();

    private final MutableClock clock = MutableClock.atNow();
    private final LogonChallenges challenges = new LogonChallenges(ORIGIN, Duration.ofSeconds(60),
            new InMemoryOneTimeStore<>(clock, 1000), new SignatureVerifier(), new SecureRandom(), clock);

    @Test
    void ecdsaAnswerVerifiesOnce() {
        LogonChallenge challenge = challenges.issue();
        var answer = new ChallengeAnswer(challenge.nonce(), sign(EC.getPrivate(), "SHA256withECDSA", challenge.toBeSigned()));
        assertEquals(ChallengeVerdict.VERIFIED, challenges.redeem(answer, EC.getPublic()));
        assertEquals(ChallengeVerdict.UNKNOWN_OR_USED, challenges.redeem(answer, EC.getPublic()), "replay");
    }

    @Test
    void rsaAnswerVerifies() {
        LogonChallenge challenge = challenges.issue();
        var answer = new ChallengeAnswer(challenge.nonce(), sign(RSA.getPrivate(), "SHA256withRSA", challenge.toBeSigned()));
        assertEquals(ChallengeVerdict.VERIFIED, challenges.redeem(answer, RSA.getPublic()));
    }

    @Test
    void expiredChallengeIsRefusedAndUsedUp() {
        LogonChallenge challenge = challenges.issue();
        var answer = new ChallengeAnswer(challenge.nonce(), sign(EC.getPrivate(), "SHA256withECDSA", challenge.toBeSigned()));
        clock.advance(Duration.ofSeconds(60));
        assertEquals(ChallengeVerdict.EXPIRED, challenges.redeem(answer, EC.getPublic()));
        assertEquals(ChallengeVerdict.UNKNOWN_OR_USED, challenges.redeem(answer, EC.getPublic()));
    }

    @Test
    void answerOneSecondBeforeExpiryIsAccepted() {
        LogonChallenge challenge = challenges.issue();
        var answer = new ChallengeAnswer(challenge.nonce(), sign(EC.getPrivate(), "SHA256withECDSA", challenge.toBeSigned()));
        clock.advance(Duration.ofSeconds(59));
        assertEquals(ChallengeVerdict.VERIFIED, challenges.redeem(answer, EC.getPublic()));
    }

    @Test
    void signatureOverAnotherOriginIsRefused() {
        LogonChallenge challenge = challenges.issue();
        var phished = new LogonChallenge(challenge.nonce(), "https://bank-login.example", challenge.expiresAt());
        var answer = new ChallengeAnswer(challenge.nonce(), sign(EC.getPrivate(), "SHA256withECDSA", phished.toBeSigned()));
        assertEquals(ChallengeVerdict.BAD_SIGNATURE, challenges.redeem(answer, EC.getPublic()));
    }

    @Test
    void signatureByAnotherKeyIsRefusedAndUsesTheChallengeUp() {
        LogonChallenge challenge = challenges.issue();
        KeyPair other = TestCa.ecKeyPair();
        var wrong = new ChallengeAnswer(challenge.nonce(), sign(other.getPrivate(), "SHA256withECDSA", challenge.toBeSigned()));
        assertEquals(ChallengeVerdict.BAD_SIGNATURE, challenges.redeem(wrong, EC.getPublic()));
        var right = new ChallengeAnswer(challenge.nonce(), sign(EC.getPrivate(), "SHA256withECDSA", challenge.toBeSigned()));
        assertEquals(ChallengeVerdict.UNKNOWN_OR_USED, challenges.redeem(right, EC.getPublic()));
    }

    @Test
    void neverIssuedNonceIsUnknown() {
        var answer = new ChallengeAnswer(Nonce.random(new SecureRandom()), new byte[64]);
        assertEquals(ChallengeVerdict.UNKNOWN_OR_USED, challenges.redeem(answer, EC.getPublic()));
    }

    @Test
    void concurrentAnswersToOneChallengeVerifyExactlyOnce() throws Exception {
        LogonChallenge challenge = challenges.issue();
        var answer = new ChallengeAnswer(challenge.nonce(), sign(EC.getPrivate(), "SHA256withECDSA", challenge.toBeSigned()));
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ChallengeVerdict>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<ChallengeVerdict> task = () -> {
                    start.await();
                    return challenges.redeem(answer, EC.getPublic());
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            int verified = 0;
            for (Future<ChallengeVerdict> result : results) {
                verified += result.get() == ChallengeVerdict.VERIFIED ? 1 : 0;
            }
            assertEquals(1, verified);
        } finally {
            pool.shutdownNow();
        }
    }

    static byte[] sign(PrivateKey key, String algorithm, byte[] data) {
        try {
            Signature signature = Signature.getInstance(algorithm);
            signature.initSign(key);
            signature.update(data);
            return signature.sign();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

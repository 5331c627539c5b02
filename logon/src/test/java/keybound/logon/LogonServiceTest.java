package keybound.logon;

import static keybound.logon.SecondFactor.OneTimePassword.CARD;
import static keybound.logon.SecondFactor.OneTimePassword.TOTP;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import keybound.logon.challenge.ChallengeAnswer;
import keybound.logon.challenge.LogonChallenge;
import keybound.logon.otp.CardCell;
import keybound.logon.otp.CardGrid;
import keybound.logon.otp.Totp;
import keybound.logon.otp.TotpAlgorithm;
import keybound.logon.otp.TotpKey;
import keybound.logon.session.LogonMethod;
import keybound.logon.session.SessionCheck;
import keybound.logon.testing.InMemoryBank;
import keybound.testkit.ca.TestCa;
import keybound.testkit.clock.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LogonServiceTest {

    private static final String ORIGIN = "https://127.0.0.1:8443";
    private static final String CONTRACT = "0123456789";
    private static final Account.Administrator ADMIN = new Account.Administrator(CONTRACT);
    private static final Account.User USER = new Account.User(CONTRACT, "U01");
    private static final byte[] TOTP_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final TestCa CA = TestCa.create("Test Bank CA");
    private static final KeyPair ADMIN_KEYS = TestCa.ecKeyPair();
    private static final KeyPair USER_KEYS = TestCa.rsaKeyPair();

    private final MutableClock clock = MutableClock.atNow();
    private final InMemoryBank bank = new InMemoryBank(3, clock);
    private final LogonService service = new LogonService(ORIGIN, LogonPolicy.DEFAULT, bank.ports(),
            LogonStores.inMemory(clock), new SecureRandom(), clock);
    private X509Certificate adminCert;
    private X509Certificate userCert;
    private String[][] card;

    @BeforeEach
    void openContract() {
        adminCert = CA.issueClient(CONTRACT + "0001", ADMIN_KEYS.getPublic());
        userCert = CA.issueClient(CONTRACT + "U010001", USER_KEYS.getPublic());
        bank.register(ADMIN, adminCert);
        bank.register(USER, userCert);
        bank.setSecret(ADMIN, SecretKind.CONTRACT_PIN, "4321");
        bank.setSecret(ADMIN, SecretKind.CONFIRMATION_PASSWORD, "pass-B");
        bank.setSecret(USER, SecretKind.USER_PIN, "9876");
        card = bank.issueCard(CONTRACT, new CardGrid(5, 8));
    }

    // ---- helpers ----

    private PendingLogon startMtls(X509Certificate certificate) {
        return assertInstanceOf(LogonStep.SecondStepRequired.class,
                service.startWithCertificate(Optional.of(certificate))).pending();
    }

    private DenialReason denial(LogonStep step) {
        return assertInstanceOf(LogonStep.Denied.class, step).reason();
    }

    private Optional<CertificateFingerprint> conn(X509Certificate certificate) {
        return Optional.of(CertificateFingerprint.of(certificate));
    }

    private char[] cardDigits(PendingLogon pending) {
        var prompt = (SecondStepPrompt.ContractPinAndOneTimePassword) pending.prompt();
        StringBuilder digits = new StringBuilder();
        for (CardCell cell : prompt.card().cells()) {
            digits.append(card[cell.row()][cell.column()]);
        }
        return digits.toString().toCharArray();
    }

    private LogonStep adminSecondStep(PendingLogon pending, String contractPin, char[] digits) {
        return service.completeSecondStep(pending.id(),
                otp(contractPin.toCharArray(), CARD, digits), conn(adminCert));
    }

    private static byte[] sign(KeyPair keys, String algorithm, byte[] data) throws Exception {
        Signature signature = Signature.getInstance(algorithm);
        signature.initSign(keys.getPrivate());
        signature.update(data);
        return signature.sign();
    }

    // ---- the manual's logons ----

    @Test
    void userLogsOnWithCertificateAndUserPin() {
        PendingLogon pending = startMtls(userCert);
        assertInstanceOf(SecondStepPrompt.UserPin.class, pending.prompt());
        char[] pin = "9876".toCharArray();
        LogonStep step = service.completeSecondStep(pending.id(), new SecondFactor.UserPin(pin), conn(userCert));
        var session = assertInstanceOf(LogonStep.Granted.class, step).session();
        assertEquals(USER, session.account());
        assertEquals(LogonMethod.MUTUAL_TLS, session.method());
        assertArrayEquals(new char[4], pin, "the PIN was wiped");
        assertInstanceOf(SessionCheck.Active.class, service.resume(session.id(), conn(userCert)));
    }

    @Test
    void aUserLogsOnInOneRequestWithNoPendingLogon() {
        LogonStores stores = LogonStores.inMemory(clock);
        var oneRequest = new LogonService(ORIGIN, LogonPolicy.DEFAULT, bank.ports(), stores, new SecureRandom(), clock);
        UserAdmission admission = oneRequest.admitUser(Optional.of(userCert));
        assertEquals(Optional.empty(), admission.refusal());
        char[] pin = "9876".toCharArray();
        var session = assertInstanceOf(LogonStep.Granted.class, oneRequest.completeUser(admission, pin)).session();
        assertEquals(USER, session.account());
        assertEquals(LogonMethod.MUTUAL_TLS, session.method());
        assertArrayEquals(new char[4], pin, "the PIN was wiped");
        assertInstanceOf(SessionCheck.Active.class, oneRequest.resume(session.id(), conn(userCert)));
        assertInstanceOf(SessionCheck.Refused.class, oneRequest.resume(session.id(), conn(adminCert)),
                "bound to the connection's certificate");
        assertEquals(0, ((InMemoryOneTimeStore<?, ?>) stores.attempts()).size(), "no pending logon was stored");
    }

    @Test
    void onlyAUsersCertificateIsOfferedTheOneRequestLogon() {
        assertTrue(service.presentsUserCertificate(Optional.of(userCert)));
        assertFalse(service.presentsUserCertificate(Optional.of(adminCert)));
        assertFalse(service.presentsUserCertificate(Optional.empty()));
        bank.setStatus(userCert, CertificateStanding.REVOKED);
        assertFalse(service.presentsUserCertificate(Optional.of(userCert)), "a revoked one is refused with its reason instead");
        bank.setStatus(userCert, CertificateStanding.CURRENT);
    }

    @Test
    void aOneRequestLogonRefusesTheAdministratorNoCertificateAndALockedUserBeforeCheckingAnything() {
        int hashes = bank.hashesComputed();
        assertEquals(DenialReason.NOT_A_USER_CERTIFICATE, service.admitUser(Optional.of(adminCert)).refusal().orElseThrow().reason());
        assertEquals(DenialReason.NO_CLIENT_CERTIFICATE, service.admitUser(Optional.empty()).refusal().orElseThrow().reason());
        bank.setStatus(userCert, CertificateStanding.REVOKED);
        assertEquals(DenialReason.CERTIFICATE_REVOKED, service.admitUser(Optional.of(userCert)).refusal().orElseThrow().reason());
        bank.setStatus(userCert, CertificateStanding.CURRENT);
        assertEquals(hashes, bank.hashesComputed());

        UserAdmission admitted = service.admitUser(Optional.of(userCert));
        for (int i = 0; i < 3; i++) {
            assertEquals(i < 2 ? DenialReason.WRONG_SECRET : DenialReason.ACCOUNT_LOCKED,
                    denial(service.completeUser(service.admitUser(Optional.of(userCert)), "0000".toCharArray())));
        }
        assertEquals(DenialReason.ACCOUNT_LOCKED, service.admitUser(Optional.of(userCert)).refusal().orElseThrow().reason());
        hashes = bank.hashesComputed();
        assertEquals(DenialReason.ACCOUNT_LOCKED, denial(service.completeUser(admitted, "9876".toCharArray())),
                "admitted before the lock, refused after it unchecked");
        assertEquals(hashes, bank.hashesComputed());
        UserAdmission refused = service.admitUser(Optional.empty());
        assertThrows(IllegalArgumentException.class, () -> service.completeUser(refused, "9876".toCharArray()));
    }

    @Test
    void administratorLogsOnWithContractPinAndCardCells() {
        PendingLogon pending = startMtls(adminCert);
        var prompt = assertInstanceOf(SecondStepPrompt.ContractPinAndOneTimePassword.class, pending.prompt());
        assertEquals(2, prompt.card().cells().size());
        assertFalse(prompt.totpAccepted());
        var session = assertInstanceOf(LogonStep.Granted.class, adminSecondStep(pending, "4321", cardDigits(pending))).session();
        assertEquals(ADMIN, session.account());
    }

    @Test
    void administratorMayUseTotpInsteadOfTheCardButNotTheSameCodeTwice() {
        bank.enrollTotp(CONTRACT, TOTP_SEED);
        Totp totp = new Totp();
        String code = totp.codeAt(new TotpKey(TOTP_SEED, TotpAlgorithm.SHA1), totp.stepAt(clock.instant()));

        PendingLogon first = startMtls(adminCert);
        assertTrue(((SecondStepPrompt.ContractPinAndOneTimePassword) first.prompt()).totpAccepted());
        assertInstanceOf(LogonStep.Granted.class, service.completeSecondStep(first.id(),
                otp("4321".toCharArray(), TOTP, code.toCharArray()), conn(adminCert)));

        PendingLogon second = startMtls(adminCert);
        assertEquals(DenialReason.ONE_TIME_PASSWORD_REPLAYED, denial(service.completeSecondStep(second.id(),
                otp("4321".toCharArray(), TOTP, code.toCharArray()), conn(adminCert))));
        assertEquals(1, bank.failures(ADMIN), "the replay counted toward the lockout");
    }

    @Test
    void aRightContractPinDoesNotClearWrongTotpCodes() {
        bank.enrollTotp(CONTRACT, TOTP_SEED);
        Totp totp = new Totp();
        String right = totp.codeAt(new TotpKey(TOTP_SEED, TotpAlgorithm.SHA1), totp.stepAt(clock.instant()));
        String wrong = right.equals("000000") ? "111111" : "000000";
        DenialReason last = null;
        for (int i = 0; bank.failures(ADMIN) < 3 && i < 10; i++) {
            last = denial(service.completeSecondStep(startMtls(adminCert).id(),
                    otp("4321".toCharArray(), TOTP, wrong.toCharArray()), conn(adminCert)));
        }
        assertEquals(DenialReason.ACCOUNT_LOCKED, last, "wrong codes with the right イ lock the contract");
        assertEquals(DenialReason.ACCOUNT_LOCKED, denial(service.startWithCertificate(Optional.of(adminCert))));
    }

    @Test
    void totpIsRefusedForAnAdministratorWithoutATotpKey() {
        PendingLogon pending = startMtls(adminCert);
        assertEquals(DenialReason.WRONG_KIND_OF_ANSWER, denial(service.completeSecondStep(pending.id(),
                otp("4321".toCharArray(), TOTP, "123456".toCharArray()), conn(adminCert))));
    }

    @Test
    void signedChallengeLogonEndsInTheSameSecondStep() throws Exception {
        LogonChallenge challenge = service.issueChallenge();
        assertEquals(ORIGIN, challenge.origin());
        var answer = new ChallengeAnswer(challenge.nonce(), sign(USER_KEYS, "SHA256withRSA", challenge.toBeSigned()));
        var pending = assertInstanceOf(LogonStep.SecondStepRequired.class,
                service.startWithChallenge(answer, userCert, Optional.empty())).pending();
        var session = assertInstanceOf(LogonStep.Granted.class, service.completeSecondStep(pending.id(),
                new SecondFactor.UserPin("9876".toCharArray()), Optional.empty())).session();
        assertEquals(LogonMethod.SIGNED_CHALLENGE, session.method());
        assertEquals(DenialReason.CHALLENGE_UNKNOWN_OR_USED,
                denial(service.startWithChallenge(answer, userCert, Optional.empty())), "replayed nonce");
    }

    @Test
    void challengeSignedByAnotherKeyForTheRegisteredCertificateIsRefused() throws Exception {
        LogonChallenge challenge = service.issueChallenge();
        var answer = new ChallengeAnswer(challenge.nonce(), sign(ADMIN_KEYS, "SHA256withECDSA", challenge.toBeSigned()));
        assertEquals(DenialReason.BAD_SIGNATURE, denial(service.startWithChallenge(answer, userCert, Optional.empty())));
    }

    @Test
    void challengeOverAnotherOriginIsRefused() throws Exception {
        LogonChallenge challenge = service.issueChallenge();
        var elsewhere = new LogonChallenge(challenge.nonce(), "https://phish.example", challenge.expiresAt());
        var answer = new ChallengeAnswer(challenge.nonce(), sign(ADMIN_KEYS, "SHA256withECDSA", elsewhere.toBeSigned()));
        assertEquals(DenialReason.BAD_SIGNATURE, denial(service.startWithChallenge(answer, adminCert, Optional.empty())));
    }

    @Test
    void expiredChallengeIsRefused() throws Exception {
        LogonChallenge challenge = service.issueChallenge();
        var answer = new ChallengeAnswer(challenge.nonce(), sign(ADMIN_KEYS, "SHA256withECDSA", challenge.toBeSigned()));
        clock.advance(LogonPolicy.DEFAULT.challengeLifetime());
        assertEquals(DenialReason.CHALLENGE_EXPIRED, denial(service.startWithChallenge(answer, adminCert, Optional.empty())));
    }

    @Test
    void challengeSignedForOneCertificateOnAConnectionShowingAnotherIsRefused() throws Exception {
        LogonChallenge challenge = service.issueChallenge();
        var answer = new ChallengeAnswer(challenge.nonce(), sign(ADMIN_KEYS, "SHA256withECDSA", challenge.toBeSigned()));
        assertEquals(DenialReason.CERTIFICATE_MISMATCH, denial(service.startWithChallenge(answer, adminCert, conn(userCert))));
        assertEquals(DenialReason.CHALLENGE_UNKNOWN_OR_USED,
                denial(service.startWithChallenge(answer, adminCert, Optional.empty())), "the refusal used the nonce up");
    }

    // ---- certificate refusals ----

    @Test
    void noCertificateIsRefused() {
        assertEquals(DenialReason.NO_CLIENT_CERTIFICATE, denial(service.startWithCertificate(Optional.empty())));
    }

    @Test
    void certificateTheBankNeverIssuedIsRefused() {
        X509Certificate stranger = TestCa.create("Other CA").issueClient(CONTRACT + "0001", ADMIN_KEYS.getPublic());
        assertEquals(DenialReason.UNKNOWN_CERTIFICATE, denial(service.startWithCertificate(Optional.of(stranger))));
    }

    @Test
    void revokedAndSupersededCertificatesAreRefused() {
        bank.setStatus(userCert, CertificateStanding.REVOKED);
        assertEquals(DenialReason.CERTIFICATE_REVOKED, denial(service.startWithCertificate(Optional.of(userCert))));
        bank.setStatus(adminCert, CertificateStanding.SUPERSEDED);
        assertEquals(DenialReason.CERTIFICATE_SUPERSEDED, denial(service.startWithCertificate(Optional.of(adminCert))));
    }

    @Test
    void expiredCertificateIsRefused() {
        Instant now = clock.instant();
        X509Certificate old = CA.issueClient(CONTRACT + "U010001", USER_KEYS.getPublic(),
                now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(35)));
        bank.register(USER, old);
        assertEquals(DenialReason.CERTIFICATE_EXPIRED, denial(service.startWithCertificate(Optional.of(old))));
    }

    @Test
    void certificateNotYetValidIsRefused() {
        Instant now = clock.instant();
        X509Certificate early = CA.issueClient(CONTRACT + "U010001", USER_KEYS.getPublic(),
                now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(366)));
        bank.register(USER, early);
        assertEquals(DenialReason.CERTIFICATE_NOT_YET_VALID, denial(service.startWithCertificate(Optional.of(early))));
    }

    // ---- second-step refusals and the lockout ----

    @Test
    void wrongSecretsCountUntilLockedThenTheRightOneIsRefusedUnchecked() {
        PendingLogon startedBeforeTheLock = startMtls(userCert);
        for (int i = 0; i < 3; i++) {
            PendingLogon pending = startMtls(userCert);
            LogonStep step = service.completeSecondStep(pending.id(), new SecondFactor.UserPin("0000".toCharArray()), conn(userCert));
            assertEquals(i < 2 ? DenialReason.WRONG_SECRET : DenialReason.ACCOUNT_LOCKED, denial(step));
        }
        assertEquals(DenialReason.ACCOUNT_LOCKED, denial(service.startWithCertificate(Optional.of(userCert))),
                "locked accounts are refused at the first proof");
        int hashes = bank.hashesComputed();
        assertEquals(DenialReason.ACCOUNT_LOCKED, denial(service.completeSecondStep(startedBeforeTheLock.id(),
                new SecondFactor.UserPin("9876".toCharArray()), conn(userCert))));
        assertEquals(hashes, bank.hashesComputed(), "nothing was hashed for a locked account");
    }

    @Test
    void wrongCardDigitsAreRefusedAndCounted() {
        PendingLogon pending = startMtls(adminCert);
        char[] digits = cardDigits(pending);
        digits[0] = digits[0] == '9' ? '0' : (char) (digits[0] + 1);
        assertEquals(DenialReason.WRONG_ONE_TIME_PASSWORD, denial(adminSecondStep(pending, "4321", digits)));
        assertEquals(1, bank.failures(ADMIN));
    }

    @Test
    void aCardChallengeIsAnsweredOnce() {
        PendingLogon pending = startMtls(adminCert);
        assertInstanceOf(LogonStep.Granted.class, adminSecondStep(pending, "4321", cardDigits(pending)));
        assertEquals(DenialReason.ATTEMPT_UNKNOWN_OR_USED, denial(adminSecondStep(pending, "4321", cardDigits(pending))));
    }

    @Test
    void aWrongAnswerUsesTheAttemptUpToo() {
        PendingLogon pending = startMtls(adminCert);
        assertEquals(DenialReason.WRONG_SECRET, denial(adminSecondStep(pending, "0000", cardDigits(pending))));
        assertEquals(DenialReason.ATTEMPT_UNKNOWN_OR_USED, denial(adminSecondStep(pending, "4321", cardDigits(pending))));
    }

    @Test
    void concurrentAnswersToOnePendingLogonGrantExactlyOneSession() throws Exception {
        PendingLogon pending = startMtls(userCert);
        int threads = 8;
        var pool = Executors.newFixedThreadPool(threads);
        try {
            var start = new CountDownLatch(1);
            var results = new ArrayList<Future<LogonStep>>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return service.completeSecondStep(pending.id(), new SecondFactor.UserPin("9876".toCharArray()),
                            conn(userCert));
                }));
            }
            start.countDown();
            int granted = 0;
            for (var result : results) {
                granted += result.get() instanceof LogonStep.Granted ? 1 : 0;
            }
            assertEquals(1, granted);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anExpiredSecondStepIsRefused() {
        PendingLogon pending = startMtls(adminCert);
        clock.advance(LogonPolicy.DEFAULT.secondStepLifetime());
        assertEquals(DenialReason.ATTEMPT_EXPIRED, denial(adminSecondStep(pending, "4321", cardDigits(pending))));
    }

    @Test
    void secondStepOnAConnectionWithAnotherCertificateIsRefused() {
        PendingLogon pending = startMtls(userCert);
        assertEquals(DenialReason.CERTIFICATE_MISMATCH, denial(service.completeSecondStep(pending.id(),
                new SecondFactor.UserPin("9876".toCharArray()), conn(adminCert))));
    }

    @Test
    void aUserCannotAnswerWithTheAdministratorsFactors() {
        PendingLogon pending = startMtls(userCert);
        assertEquals(DenialReason.WRONG_KIND_OF_ANSWER, denial(service.completeSecondStep(pending.id(),
                otp("4321".toCharArray(), CARD, "1234".toCharArray()), conn(userCert))));
    }

    // ---- ID/password method ----

    @Test
    void passwordMethodWorksOnlyBeforeTheFirstAdministratorCertificate() {
        var fresh = new InMemoryBank(3, clock);
        fresh.setSecret(ADMIN, SecretKind.CONFIRMATION_PASSWORD, "pass-B");
        fresh.setSecret(ADMIN, SecretKind.CONTRACT_PIN, "4321");
        var early = new LogonService(ORIGIN, LogonPolicy.DEFAULT, fresh.ports(), LogonStores.inMemory(clock),
                new SecureRandom(), clock);
        var session = assertInstanceOf(LogonStep.Granted.class, early.logonWithPassword(CONTRACT,
                "pass-B".toCharArray(), "4321".toCharArray(), Optional.empty())).session();
        assertEquals(LogonMethod.ID_AND_PASSWORD, session.method());
        assertFalse(session.method().byCertificate());
        assertEquals(DenialReason.WRONG_SECRET, denial(early.logonWithPassword(CONTRACT,
                "pass-X".toCharArray(), "4321".toCharArray(), Optional.empty())));

        // This bank has issued the administrator certificate: the method is closed.
        assertEquals(DenialReason.PASSWORD_METHOD_CLOSED, denial(service.logonWithPassword(CONTRACT,
                "pass-B".toCharArray(), "4321".toCharArray(), Optional.empty())));
    }

    // ---- sessions ----

    @Test
    void logoffNeedsTheSessionsOwnCertificate() {
        PendingLogon pending = startMtls(userCert);
        var session = assertInstanceOf(LogonStep.Granted.class, service.completeSecondStep(pending.id(),
                new SecondFactor.UserPin("9876".toCharArray()), conn(userCert))).session();
        assertFalse(service.logoff(session.id(), conn(adminCert)));
        assertInstanceOf(SessionCheck.Active.class, service.resume(session.id(), conn(userCert)));
        assertTrue(service.logoff(session.id(), conn(userCert)));
        assertInstanceOf(SessionCheck.Refused.class, service.resume(session.id(), conn(userCert)));
    }

    private static SecondFactor otp(char[] contractPin, SecondFactor.OneTimePassword kind, char[] password) {
        return new SecondFactor.ContractPinAndOneTimePassword(contractPin, kind, password);
    }
}

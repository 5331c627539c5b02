package keybound.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import keybound.bankapi.BankApi;
import keybound.bankapi.client.BackOfficeClient;
import keybound.bankapi.client.BankApiException;
import keybound.bankapi.client.BankClient;
import keybound.bankapi.client.BankUnreachableException;
import keybound.cardsim.SimulatedCard;
import keybound.issuer.contract.ContractId;
import keybound.server.fixture.BankFixture;
import keybound.server.fixture.SharedSoftHsm;
import keybound.testkit.ca.TestCa;
import keybound.testkit.keys.SoftwareKeys;
import keybound.testkit.softhsm.SoftHsmExtension;
import keybound.testkit.softhsm.TokenSpec;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import keybound.token.Secret;
import keybound.token.TokenSelector;
import keybound.token.TokenSession;
import keybound.token.bc.CsrFactory;
import keybound.token.card.CardTokenSource;
import keybound.token.jca.TokenPrivateKey;
import keybound.token.jca.TokenProvider;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every refusal the issue lists, each its own test, against the whole bank over HTTPS: the
 * problem code a client sees for each cause.
 */
@ExtendWith(SoftHsmExtension.class)
class BankRefusalsTest {

    private static final BankApi.TokenDescription SOFT = new BankApi.TokenDescription("PKCS11", "software (test)", "1");

    @TempDir
    Path directory;

    private BankFixture bank;
    private BankApi.OpenedContract contract;

    @AfterEach
    void close() {
        if (bank != null) {
            bank.close();
        }
    }

    /** The bank with {@code settings} ({@code key=value}) beside the test defaults. */
    private void openBank(String policy, String... settings) {
        bank = BankFixture.open(directory, settings);
        contract = bank.openContract(policy);
    }

    private BankApi.IssuedCertificate acquireAdministrator(KeyPair keys) {
        return bank.anonymous().acquireAdministrator(new BankApi.AdministratorAcquisition(contract.contractId(),
                contract.contractPin(), contract.confirmationPin(),
                BankClient.base64(SoftwareKeys.csr(keys)), SOFT, null));
    }

    private BankClient administratorClient(KeyPair keys, X509Certificate certificate) {
        return bank.client(SoftwareKeys.keyManager(keys, certificate));
    }

    private String administratorSession(BankClient admin) {
        BankApi.SecondStep step = admin.logonWithCertificate();
        return admin.completeWithCard(step.attempt(), contract.contractPin(),
                BankStoryTest.cardDigits(contract.card(), step.cardCells())).session();
    }

    /** An administrator logged on, user {@code userId} registered and authorised; the user's secrets. */
    private BankApi.RegisteredUser authorisedUser(String userId) {
        KeyPair adminKeys = SoftwareKeys.ec();
        X509Certificate adminCert = BankClient.certificate(acquireAdministrator(adminKeys));
        BankClient admin = administratorClient(adminKeys, adminCert);
        String session = administratorSession(admin);
        BankApi.RegisteredUser user = admin.registerUser(session, userId, contract.confirmationPin());
        admin.authoriseUser(session, userId, contract.confirmationPin(), Optional.empty());
        return user;
    }

    private BankApi.IssuedCertificate acquireUser(BankApi.RegisteredUser user, KeyPair keys) {
        return bank.anonymous().acquireUser(new BankApi.UserAcquisition(contract.contractId(), user.userId(),
                user.userPin(), user.userConfirmationPin(), BankClient.base64(SoftwareKeys.csr(keys)), SOFT, null));
    }

    private static void refused(String code, Executable call) {
        BankApiException e = assertThrows(BankApiException.class, call);
        assertEquals(code, e.code(), e.getMessage());
    }

    // ---- logon: the certificate ------------------------------------------------------------------

    @Test
    void noClientCertificate() {
        openBank("NONE");
        refused("certificate-required", () -> bank.anonymous().logonWithCertificate());
    }

    @Test
    void certificateFromAnotherCa() {
        openBank("NONE");
        KeyPair keys = SoftwareKeys.ec();
        X509Certificate stranger = TestCa.create("Other CA").issueClient(contract.contractId() + BankFixture.BANK_CODE,
                keys.getPublic());
        // In the handshake: presented whatever the server asks for, the bank's trust store does not know the issuer.
        assertThrows(BankUnreachableException.class, () -> bank.client(new CopiedCertificateKeyManager(stranger,
                keys.getPrivate())).logonWithCertificate());
        // A client that offers only certificates of the CAs the server names sends none.
        refused("certificate-required", () -> bank.client(SoftwareKeys.keyManager(keys, stranger)).logonWithCertificate());
        // By signed challenge, where no handshake checks it: the registry does not know it.
        refused("certificate-unknown", () -> bank.anonymous().logonWithSignedChallenge(stranger,
                bytes -> SoftwareKeys.sign(keys, bytes)));
    }

    @Test
    void expiredCertificate() {
        openBank("NONE");
        KeyPair keys = SoftwareKeys.ec();
        X509Certificate cert = BankClient.certificate(acquireAdministrator(keys));
        bank.advance(Duration.ofDays(366));
        refused("certificate-expired", () -> bank.anonymous().logonWithSignedChallenge(cert,
                bytes -> SoftwareKeys.sign(keys, bytes)));
    }

    @Test
    void revokedCertificate() {
        openBank("NONE");
        KeyPair keys = SoftwareKeys.ec();
        BankApi.IssuedCertificate issued = acquireAdministrator(keys);
        try (BackOfficeClient operator = bank.operator()) {
            assertTrue(operator.revoke(issued.serial(), "KEY_COMPROMISE"));
        }
        refused("certificate-revoked", () -> administratorClient(keys, BankClient.certificate(issued)).logonWithCertificate());
    }

    @Test
    void supersededCertificate() {
        openBank("NONE");
        KeyPair oldKeys = SoftwareKeys.ec();
        X509Certificate old = BankClient.certificate(acquireAdministrator(oldKeys));
        KeyPair newKeys = SoftwareKeys.ec();
        X509Certificate current = BankClient.certificate(acquireAdministrator(newKeys));
        refused("certificate-superseded", () -> administratorClient(oldKeys, old).logonWithCertificate());
        assertEquals("contract-pin-and-one-time-password",
                administratorClient(newKeys, current).logonWithCertificate().secondStep());
    }

    @Test
    void certificateCopiedToATokenWithoutItsKey() {
        openBank("NONE");
        TokenSpec ownerSpec = SharedSoftHsm.freshToken("refusal-owner");
        TokenSpec thiefSpec = SharedSoftHsm.freshToken("refusal-thief");
        try (TokenSession owner = open(ownerSpec); TokenSession thief = open(thiefSpec)) {
            KeyRef key = owner.generateKeyPair(KeyAlgorithm.EC_P256, "administrator");
            BankApi.IssuedCertificate issued = bank.anonymous().acquireAdministrator(new BankApi.AdministratorAcquisition(
                    contract.contractId(), contract.contractPin(), contract.confirmationPin(),
                    BankClient.base64(CsrFactory.createDer(owner, key, new X500Name("CN=x"))), BankClient.token(owner.token()), null));
            X509Certificate certificate = BankClient.certificate(issued);
            // The thief's token refuses to store a certificate for a key it does not hold...
            KeyRef thiefKey = thief.generateKeyPair(KeyAlgorithm.EC_P256, "copy");
            assertThrows(RuntimeException.class, () -> thief.storeCertificate(thiefKey, certificate));
            // ...so the copy goes beside it, and the thief's key signs: the handshake's CertificateVerify fails,
            var copied = new CopiedCertificateKeyManager(certificate, TokenPrivateKey.of(thief, thiefKey,
                    thief.publicKey(thiefKey)));
            TokenProvider.install();
            assertThrows(BankUnreachableException.class, () -> bank.client(copied).logonWithCertificate());
            // and so does the signed challenge.
            refused("signature-invalid", () -> bank.anonymous().logonWithSignedChallenge(certificate,
                    bytes -> thief.sign(thiefKey, thiefKey.algorithm().defaultSignature(), bytes)));
        }
    }

    // ---- logon: secrets, lockout, challenges -----------------------------------------------------

    @Test
    void wrongUserPinFiveTimesLocksTheUser() {
        openBank("NONE");
        BankApi.RegisteredUser user = authorisedUser("U01");
        KeyPair keys = SoftwareKeys.ec();
        X509Certificate cert = BankClient.certificate(acquireUser(user, keys));
        BankClient client = bank.client(SoftwareKeys.keyManager(keys, cert));
        for (int i = 1; i <= 5; i++) {
            String attempt = client.logonWithCertificate().attempt();
            refused(i < 5 ? "credentials-rejected" : "account-locked",
                    () -> client.completeWithUserPin(attempt, Secret.of("000000")));
        }
        refused("account-locked", client::logonWithCertificate); // before any secret is asked for
        try (BackOfficeClient operator = bank.operator()) {
            assertTrue(operator.unlockUser(contract.contractId(), "U01"));
            assertFalse(operator.unlockUser(contract.contractId(), "U01"), "no longer locked");
            refused("user-unknown", () -> operator.unlockUser(contract.contractId(), "U99"));
            refused("contract-unknown", () -> operator.unlockContract(otherContract()));
            assertFalse(operator.unlockContract(contract.contractId()));
        }
        String attempt = client.logonWithCertificate().attempt();
        assertEquals("U01", client.completeWithUserPin(attempt, user.userPin()).account().userId());
    }

    @Test
    void wrongContractPinFiveTimesLocksTheContract() {
        openBank("NONE");
        KeyPair keys = SoftwareKeys.ec();
        BankClient admin = administratorClient(keys, BankClient.certificate(acquireAdministrator(keys)));
        for (int i = 1; i <= 5; i++) {
            BankApi.SecondStep step = admin.logonWithCertificate();
            Secret digits = BankStoryTest.cardDigits(contract.card(), step.cardCells());
            refused(i < 5 ? "credentials-rejected" : "account-locked",
                    () -> admin.completeWithCard(step.attempt(), Secret.of("000000"), digits));
        }
        refused("account-locked", admin::logonWithCertificate);
    }

    @Test
    void expiredNonce() {
        openBank("NONE");
        KeyPair keys = SoftwareKeys.ec();
        X509Certificate cert = BankClient.certificate(acquireAdministrator(keys));
        BankClient client = bank.anonymous();
        BankApi.Challenge challenge = client.challenge();
        bank.advance(Duration.ofSeconds(61));
        refused("challenge-expired", () -> client.answerChallenge(new BankApi.ChallengeAnswer(challenge.nonce(),
                BankClient.base64(cert), BankClient.base64(SoftwareKeys.sign(keys, client.toBeSigned(challenge))))));
    }

    @Test
    void replayedNonce() {
        openBank("NONE");
        KeyPair keys = SoftwareKeys.ec();
        X509Certificate cert = BankClient.certificate(acquireAdministrator(keys));
        BankClient client = bank.anonymous();
        BankApi.Challenge challenge = client.challenge();
        var answer = new BankApi.ChallengeAnswer(challenge.nonce(), BankClient.base64(cert),
                BankClient.base64(SoftwareKeys.sign(keys, client.toBeSigned(challenge))));
        client.answerChallenge(answer);
        refused("challenge-invalid", () -> client.answerChallenge(answer));
    }

    @Test
    void passwordLogonClosesWithTheFirstAdministratorCertificate() {
        openBank("NONE");
        BankClient anonymous = bank.anonymous();
        assertEquals("ID_AND_PASSWORD", anonymous.logonWithPassword(contract.contractId(),
                contract.confirmationPassword(), contract.contractPin()).method());
        acquireAdministrator(SoftwareKeys.ec());
        refused("credentials-rejected", () -> anonymous.logonWithPassword(contract.contractId(),
                contract.confirmationPassword(), contract.contractPin()));
    }

    // ---- acquisition -----------------------------------------------------------------------------

    @Test
    void aRequestIdIsRandomLookingAndAnsweredForOneKeyOnly() {
        openBank("NONE");
        KeyPair keys = SoftwareKeys.ec();
        refused("invalid-field", () -> acquireAdministrator(keys, "not-random"));
        String id = "AAECAwQFBgcICQoLDA0ODw";
        BankApi.IssuedCertificate first = acquireAdministrator(keys, id);
        assertEquals(first.serial(), acquireAdministrator(keys, id).serial(), "the retry is answered with the same certificate");
        refused("request-id-reused", () -> acquireAdministrator(SoftwareKeys.ec(), id));
    }

    private BankApi.IssuedCertificate acquireAdministrator(KeyPair keys, String requestId) {
        return bank.anonymous().acquireAdministrator(new BankApi.AdministratorAcquisition(contract.contractId(),
                contract.contractPin(), contract.confirmationPin(),
                BankClient.base64(SoftwareKeys.csr(keys)), SOFT, null, requestId));
    }

    @Test
    void acquisitionWindowClosedIsToldOnlyAfterTheSecretsAreRight() {
        bank = BankFixture.open(directory);
        try (BackOfficeClient operator = bank.operator()) {
            operator.registerBank(BankFixture.BANK_CODE, "Keybound Shinkin Bank", "NONE");
            bank.advance(Duration.ofDays(2)); // the bank's clock, not the machine's, dates the application
            assertEquals(bank.now().plus(Duration.ofDays(80)).getEpochSecond(),
                    operator.openContract(BankFixture.BANK_CODE, Optional.empty()).acquisitionClosesAt());
            contract = operator.openContract(BankFixture.BANK_CODE, Optional.of(bank.now().minus(Duration.ofDays(81))));
            assertEquals(bank.now().minus(Duration.ofDays(1)).getEpochSecond(), contract.acquisitionClosesAt());
        }
        String csr = BankClient.base64(SoftwareKeys.csr(SoftwareKeys.ec()));
        refused("credentials-rejected", () -> bank.anonymous().acquireAdministrator(new BankApi.AdministratorAcquisition(
                contract.contractId(), Secret.of("000000"), contract.confirmationPin(), csr, SOFT, null)));
        refused("acquisition-window-closed", () -> bank.anonymous().acquireAdministrator(new BankApi.AdministratorAcquisition(
                contract.contractId(), contract.contractPin(), contract.confirmationPin(), csr, SOFT, null)));
        for (int i = 1; i <= 5; i++) { // wrong secrets count toward the lockout even though the window is closed
            refused("credentials-rejected", () -> bank.anonymous().acquireAdministrator(new BankApi.AdministratorAcquisition(
                    contract.contractId(), contract.contractPin(), Secret.of("00000000"), csr, SOFT, null)));
        }
        // locked now: even the right secrets are refused, and acquisition says so as it says a wrong secret (no oracle)
        refused("credentials-rejected", () -> bank.anonymous().acquireAdministrator(new BankApi.AdministratorAcquisition(
                contract.contractId(), contract.contractPin(), contract.confirmationPin(), csr, SOFT, null)));
        try (BackOfficeClient operator = bank.operator()) {
            assertTrue(operator.unlockContract(contract.contractId()), "the contract was locked");
        }
    }

    @Test
    void backOfficeDatesOutsideTheirRangeAre400() {
        openBank("NONE");
        try (BackOfficeClient operator = bank.operator()) {
            for (Instant date : List.of(Instant.parse("9999-01-01T00:00:00Z"), Instant.MAX,
                    Instant.parse("1970-01-02T00:00:00Z"), bank.now().plus(Duration.ofDays(3)))) {
                BankApiException refused = assertThrows(BankApiException.class,
                        () -> operator.openContract(BankFixture.BANK_CODE, Optional.of(date)));
                assertEquals("invalid-field", refused.code(), date.toString());
                assertTrue(refused.detail().contains("applicationDate"), refused.detail());
            }
        }
    }

    @Test
    void administratorAcquisitionTellsNothingUntilTheSecretsAreRight() {
        openBank("NONE");
        BankApi.OpenedContract locked;
        try (BackOfficeClient operator = bank.operator()) {
            locked = operator.openContract(BankFixture.BANK_CODE, Optional.empty());
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(401, administratorRefusal(locked.contractId(), locked.contractPin(), Secret.of("000000")).status());
        }
        // unknown contract, wrong イ, wrong ロ, a locked contract (right secrets): one answer, word for word
        List<BankApiException> refusals = List.of(
                administratorRefusal(otherContract(), contract.contractPin(), contract.confirmationPin()),
                administratorRefusal(contract.contractId(), Secret.of("000000"), contract.confirmationPin()),
                administratorRefusal(contract.contractId(), contract.contractPin(), Secret.of("000000")),
                administratorRefusal(locked.contractId(), locked.contractPin(), locked.confirmationPin()));
        for (BankApiException refusal : refusals) {
            assertEquals(List.of(401, "credentials-rejected", refusals.get(0).detail()),
                    List.of(refusal.status(), refusal.code(), refusal.detail()));
        }
    }

    private BankApiException administratorRefusal(String contractId, Secret contractPin, Secret confirmationPin) {
        return assertThrows(BankApiException.class, () -> bank.anonymous().acquireAdministrator(
                new BankApi.AdministratorAcquisition(contractId, contractPin, confirmationPin,
                        BankClient.base64(SoftwareKeys.csr(SoftwareKeys.ec())), SOFT, null)));
    }

    /** A contract ID that is not the test's contract. */
    private String otherContract() {
        return contract.contractId().equals("9999999999") ? "8888888888" : "9999999999";
    }

    @Test
    void userAcquisitionTellsNothingUntilTheSecretsAreRight() {
        openBank("NONE");
        KeyPair adminKeys = SoftwareKeys.ec();
        BankClient admin = administratorClient(adminKeys, BankClient.certificate(acquireAdministrator(adminKeys)));
        String session = administratorSession(admin);
        BankApi.RegisteredUser unauthorised = admin.registerUser(session, "U01", contract.confirmationPin().copy());
        BankApi.RegisteredUser locked = admin.registerUser(session, "U02", contract.confirmationPin().copy());
        admin.authoriseUser(session, "U02", contract.confirmationPin().copy(), Optional.empty());
        BankApi.RegisteredUser unknown = new BankApi.RegisteredUser("U99", Secret.of("12345678"), Secret.of("12345678"));
        BankApi.RegisteredUser wrongSecret = new BankApi.RegisteredUser("U01", Secret.of("00000000"),
                unauthorised.userConfirmationPin().copy());
        for (int i = 0; i < 5; i++) {
            refused("credentials-rejected", () -> acquireUser(new BankApi.RegisteredUser("U02", Secret.of("00000000"),
                    locked.userConfirmationPin().copy()), SoftwareKeys.ec()));
        }
        // unknown user, wrong ト for a user with no authorisation, a locked user (right secrets): all alike
        List<String> details = new ArrayList<>();
        for (BankApi.RegisteredUser probe : List.of(unknown, wrongSecret, locked)) {
            BankApiException refusal = assertThrows(BankApiException.class, () -> acquireUser(probe, SoftwareKeys.ec()));
            assertEquals("credentials-rejected", refusal.code(), probe.userId());
            assertEquals(401, refusal.status(), probe.userId());
            details.add(refusal.detail());
        }
        assertEquals(1, details.stream().distinct().count(), "word for word alike: " + details);
        // the right secrets of a user without an open authorisation: now it may be said
        refused("no-authorisation", () -> acquireUser(unauthorised, SoftwareKeys.ec()));
    }

    @Test
    void userWithoutAuthorisation() {
        openBank("NONE");
        KeyPair adminKeys = SoftwareKeys.ec();
        BankClient admin = administratorClient(adminKeys, BankClient.certificate(acquireAdministrator(adminKeys)));
        String session = administratorSession(admin);
        BankApi.RegisteredUser user = admin.registerUser(session, "U01", contract.confirmationPin());
        refused("no-authorisation", () -> acquireUser(user, SoftwareKeys.ec()));
        admin.authoriseUser(session, "U01", contract.confirmationPin(), Optional.empty());
        acquireUser(user, SoftwareKeys.ec());
        refused("no-authorisation", () -> acquireUser(user, SoftwareKeys.ec())); // an authorisation is used once
    }

    @Test
    void badCertificateRequests() {
        openBank("NONE");
        byte[] good = SoftwareKeys.csr(SoftwareKeys.ec());
        byte[] badSignature = good.clone();
        badSignature[badSignature.length - 3] ^= 0x01;
        byte[] tooLarge = new byte[9 * 1024];
        Arrays.fill(tooLarge, (byte) 0x30);
        assertAcquisition("csr-malformed", "not a CSR".getBytes(StandardCharsets.US_ASCII));
        assertAcquisition("csr-signature-invalid", badSignature);
        assertAcquisition("csr-too-large", tooLarge);
        assertAcquisition("key-too-weak", SoftwareKeys.csr(SoftwareKeys.rsa(1024)));
        assertEquals(0, bank.issuer().registry().certificates(new ContractId(contract.contractId())).size());
    }

    private void assertAcquisition(String code, byte[] csr) {
        refused(code, () -> bank.anonymous().acquireAdministrator(new BankApi.AdministratorAcquisition(contract.contractId(),
                contract.contractPin(), contract.confirmationPin(), BankClient.base64(csr), SOFT, null)));
    }

    @Test
    void attestationRequiredAndInvalid() {
        openBank("REQUIRED");
        refused("attestation-required", () -> acquireAdministrator(SoftwareKeys.ec()));
        // A genuine card statement, but for another key than the CSR's.
        SimulatedCard card = SimulatedCard.personalised(BankFixture.MANUFACTURER);
        try (Secret pin = Secret.of(SimulatedCard.PIN);
             TokenSession cardToken = CardTokenSource.of(card.terminal()).token(TokenSelector.serial(card.serial())).open(pin)) {
            KeyRef cardKey = cardToken.generateKeyPair(KeyAlgorithm.EC_P256, "admin");
            byte[] cardCsr = CsrFactory.createDer(cardToken, cardKey, new X500Name("CN=x"));
            var statement = cardToken.attest(cardKey, BankClient.enrollmentNonce(contract.contractId(), "", cardCsr)).orElseThrow();
            byte[] otherCsr = SoftwareKeys.csr(SoftwareKeys.ec());
            refused("attestation-invalid", () -> bank.anonymous().acquireAdministrator(new BankApi.AdministratorAcquisition(
                    contract.contractId(), contract.contractPin(), contract.confirmationPin(),
                    BankClient.base64(otherCsr), BankClient.token(cardToken.token()), BankClient.attestation(statement))));
            // The card's own key with its statement is accepted.
            var issued = bank.anonymous().acquireAdministrator(new BankApi.AdministratorAcquisition(contract.contractId(),
                    contract.contractPin(), contract.confirmationPin(), BankClient.base64(cardCsr),
                    BankClient.token(cardToken.token()), BankClient.attestation(statement)));
            assertEquals(contract.contractId() + BankFixture.BANK_CODE, issued.commonName());
        }
    }

    @Test
    void userLimitReached() {
        openBank("NONE", "contract.max-users=1");
        KeyPair adminKeys = SoftwareKeys.ec();
        BankClient admin = administratorClient(adminKeys, BankClient.certificate(acquireAdministrator(adminKeys)));
        String session = administratorSession(admin);
        admin.registerUser(session, "U01", contract.confirmationPin());
        refused("user-limit-reached", () -> admin.registerUser(session, "U02", contract.confirmationPin()));
    }

    @Test
    void suspendedUserIsRefusedUntilResumedAndResetSecretsReplaceTheOldOnes() {
        openBank("NONE");
        KeyPair adminKeys = SoftwareKeys.ec();
        BankClient admin = administratorClient(adminKeys, BankClient.certificate(acquireAdministrator(adminKeys)));
        String session = administratorSession(admin);
        BankApi.RegisteredUser user = admin.registerUser(session, "U01", contract.confirmationPin());
        admin.authoriseUser(session, "U01", contract.confirmationPin(), Optional.empty());
        KeyPair keys = SoftwareKeys.ec();
        BankClient client = bank.client(SoftwareKeys.keyManager(keys, BankClient.certificate(acquireUser(user, keys))));

        assertTrue(admin.suspendUser(session, "U01", contract.confirmationPin()));
        refused("user-suspended", client::logonWithCertificate);
        assertEquals("SUSPENDED", admin.users(session).get(0).status());
        assertTrue(admin.resumeUser(session, "U01", contract.confirmationPin()));

        BankApi.RegisteredUser fresh = admin.resetUserSecrets(session, "U01", contract.confirmationPin());
        String attempt = client.logonWithCertificate().attempt();
        refused("credentials-rejected", () -> client.completeWithUserPin(attempt, user.userPin()));
        String again = client.logonWithCertificate().attempt();
        assertEquals("U01", client.completeWithUserPin(again, fresh.userPin()).account().userId());
        refused("credentials-rejected", () -> admin.suspendUser(session, "U01", Secret.of("000000")));
    }

    // ---- sessions, operators, revocation status --------------------------------------------------

    @Test
    void userSessionMayNotDoAdministratorOperations() {
        openBank("NONE");
        BankApi.RegisteredUser user = authorisedUser("U01");
        KeyPair keys = SoftwareKeys.ec();
        BankClient client = bank.client(SoftwareKeys.keyManager(keys, BankClient.certificate(acquireUser(user, keys))));
        String session = client.completeWithUserPin(client.logonWithCertificate().attempt(), user.userPin()).session();
        refused("not-permitted", () -> client.users(session));
        refused("not-permitted", () -> client.revokeUser(session, "U01"));
        assertEquals("U01", client.userStatus(session).userId());
    }

    @Test
    void sessionOnAConnectionWithAnotherCertificate() {
        openBank("NONE");
        KeyPair keys = SoftwareKeys.ec();
        X509Certificate cert = BankClient.certificate(acquireAdministrator(keys));
        String session = administratorSession(administratorClient(keys, cert));
        refused("session-invalid", () -> bank.anonymous().contractStatus(session));
        KeyPair otherKeys = SoftwareKeys.ec();
        X509Certificate other = TestCa.create("Other").issueClient("x", otherKeys.getPublic());
        assertThrows(RuntimeException.class, () -> bank.client(SoftwareKeys.keyManager(otherKeys, other)).contractStatus(session));
        assertEquals(contract.contractId(), administratorClient(keys, cert).contractStatus(session).contractId());
    }

    @Test
    void wrongOrMissingOperatorKey() {
        openBank("NONE");
        try (BackOfficeClient impostor = bank.anonymous().backOffice(Secret.of("not-the-operator-key"))) {
            refused("operator-rejected", () -> impostor.openContract(BankFixture.BANK_CODE, Optional.empty()));
            refused("operator-rejected", () -> impostor.revoke("01", "UNSPECIFIED"));
        }
    }

    @Test
    void revocationStatusByCrlAndOcsp() throws Exception {
        openBank("NONE");
        KeyPair keys = SoftwareKeys.ec();
        BankApi.IssuedCertificate issued = acquireAdministrator(keys);
        X509Certificate cert = BankClient.certificate(issued);
        BankClient anonymous = bank.anonymous();
        assertFalse(anonymous.crl().isRevoked(cert));
        assertEquals(CertificateStatus.GOOD, ocspStatus(anonymous, cert));
        try (BackOfficeClient operator = bank.operator()) {
            operator.revoke(issued.serial(), "KEY_COMPROMISE");
        }
        var crl = anonymous.crl();
        crl.verify(bank.issuer().caChain().get(0).getPublicKey());
        assertTrue(crl.isRevoked(cert));
        assertTrue(ocspStatus(anonymous, cert) instanceof RevokedStatus);
    }

    private Object ocspStatus(BankClient client, X509Certificate cert) throws Exception {
        X509Certificate issuer = bank.issuer().caChain().get(0);
        var id = new CertificateID(
                new JcaDigestCalculatorProviderBuilder().build()
                        .get(CertificateID.HASH_SHA1),
                new JcaX509CertificateHolder(issuer), cert.getSerialNumber());
        byte[] request = new OCSPReqBuilder().addRequest(id).build().getEncoded();
        var response = new OCSPResp(client.ocsp(request));
        assertEquals(OCSPResp.SUCCESSFUL, response.getStatus());
        var basic = (BasicOCSPResp) response.getResponseObject();
        assertTrue(basic.isSignatureValid(new JcaContentVerifierProviderBuilder()
                .build(issuer.getPublicKey())));
        return basic.getResponses()[0].getCertStatus();
    }

    private static TokenSession open(TokenSpec spec) {
        try (Secret pin = Secret.of(spec.userPin())) {
            return SharedSoftHsm.token(spec).open(pin);
        }
    }
}

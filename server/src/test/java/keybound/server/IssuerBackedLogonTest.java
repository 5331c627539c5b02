package keybound.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import keybound.issuer.contract.ContractSecret;
import keybound.issuer.contract.UserSecret;
import keybound.issuer.refusal.IssuerException;
import keybound.logon.Account;
import keybound.logon.CertificateAdmission;
import keybound.logon.CertificateStanding;
import keybound.logon.FactorCheck;
import keybound.logon.Lockout;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import keybound.issuer.Issuer;
import keybound.issuer.UnlockOutcome;
import keybound.issuer.ca.RevocationReason;
import keybound.issuer.contract.Bank;
import keybound.issuer.contract.BankCode;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.contract.RegisteredUser;
import keybound.issuer.contract.UserId;
import keybound.issuer.enrollment.AdministratorAcquisition;
import keybound.issuer.enrollment.AdministratorCredentials;
import keybound.issuer.enrollment.TokenReport;
import keybound.issuer.enrollment.UserAcquisition;
import keybound.issuer.policy.AttestationPolicy;
import keybound.issuer.store.ContractRepository;
import keybound.logon.challenge.LogonChallenge;
import keybound.logon.challenge.Nonce;
import keybound.logon.otp.CardCell;
import keybound.server.fixture.BankFixture;
import keybound.server.wiring.IssuerPorts;
import keybound.testkit.ca.TestCa;
import keybound.testkit.clock.MutableClock;
import keybound.testkit.keys.SoftwareKeys;
import keybound.testkit.softhsm.SoftHsmExtension;
import keybound.token.Secret;
import keybound.token.TokenKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logon over HTTPS with the real issuer behind the ports ({@link IssuerPorts}), in the bank as the
 * server assembles it ({@link BankFixture}): its registry on an H2 file, its CA key on SoftHSM, its
 * secrets hashed and its lockout counted in the database.
 */
@ExtendWith(SoftHsmExtension.class)
class IssuerBackedLogonTest {

    private static final BankCode BANK = new BankCode("1234");
    private static final TokenReport TOKEN = new TokenReport(TokenKind.PKCS11, "SoftHSM v2", "0000000000000001");

    @TempDir
    Path directory;

    private final ObjectMapper mapper = new ObjectMapper();
    private BankFixture bank;
    private MutableClock clock;
    private Issuer issuer;
    private OpenedContract contract;

    @BeforeEach
    void openBank() {
        bank = BankFixture.open(directory, "metrics.listen.port=0");
        clock = bank.clock();
        issuer = bank.issuer();
        issuer.backOffice().registerBank(new Bank(BANK, "Keybound Shinkin Bank", AttestationPolicy.NONE));
        contract = issuer.backOffice().openContract(BANK);
    }

    @AfterEach
    void close() {
        bank.close();
    }

    @Test
    void theManualsLogonsAgainstTheRealIssuer() throws Exception {
        String a = contract.contractId().value();
        HttpClient anonymous = client(Optional.empty(), Optional.empty());

        // I-2 prerequisite: before any administrator certificate, A + B + イ logs on.
        String password = "{\"contractId\":\"" + a + "\",\"confirmationPassword\":\"" + contract.confirmationPassword().withChars(String::new)
                + "\",\"contractPin\":\"" + contract.contractPin().withChars(String::new) + "\"}";
        assertEquals("ID_AND_PASSWORD", ok(post(anonymous, "/logon/password", password)).get("method").asText());

        // I-2: the administrator acquires a certificate; the ID/password method closes.
        KeyPair adminKeys = TestCa.ecKeyPair();
        X509Certificate adminCert = issuer.acquireAdministrator(new AdministratorAcquisition(contract.contractId(),
                contract.contractPin().copy(), contract.confirmationPin().copy(), SoftwareKeys.csr(adminKeys), TOKEN, Optional.empty()))
                .certificate();
        denied(post(anonymous, "/logon/password", password));

        // I-3: certificate logon, イ, then the customer card's cells.
        HttpClient admin = client(Optional.of(adminKeys), Optional.of(adminCert));
        JsonNode step = ok(post(admin, "/logon/mtls", ""));
        JsonNode adminSession = ok(post(admin, "/logon/second-step", "{\"attempt\":\"" + step.get("attempt").asText()
                + "\",\"contractPin\":\"" + contract.contractPin().withChars(String::new) + "\",\"cardDigits\":\"" + cardDigits(step) + "\"}"));
        assertEquals("administrator", adminSession.get("account").get("kind").asText());

        // I-3 → II-1: the administrator registers a user, who acquires a certificate.
        var credentials = new AdministratorCredentials(adminCert, contract.confirmationPin().copy());
        RegisteredUser user = issuer.users().register(credentials, new UserId("U01"));
        issuer.users().authorise(new AdministratorCredentials(adminCert, contract.confirmationPin().copy()), user.userId(),
                clock.instant().plus(Duration.ofDays(7)));
        KeyPair userKeys = TestCa.ecKeyPair();
        X509Certificate userCert = issuer.acquireUser(new UserAcquisition(contract.contractId(), user.userId(),
                user.userPin().copy(), user.userConfirmationPin().copy(), SoftwareKeys.csr(userKeys), TOKEN, Optional.empty())).certificate();

        // II-2 by signed challenge: the user's ト.
        JsonNode challenge = ok(post(anonymous, "/logon/challenge", ""));
        JsonNode userStep = ok(post(anonymous, "/logon/challenge/answer", signedAnswer(challenge, userKeys, userCert)));
        JsonNode userSession = ok(post(anonymous, "/logon/second-step", "{\"attempt\":\"" + userStep.get("attempt").asText()
                + "\",\"userPin\":\"" + user.userPin().withChars(String::new) + "\"}"));
        assertEquals("U01", userSession.get("account").get("userId").asText());

        // Revoked: the user's next logon fails at the first proof.
        issuer.revocations().revoke(issuer.registry().certificates(contract.contractId()).stream()
                .filter(r -> r.user().isPresent()).findFirst().orElseThrow().serial(), RevocationReason.PRIVILEGE_WITHDRAWN);
        JsonNode again = ok(post(anonymous, "/logon/challenge", ""));
        denied(post(anonymous, "/logon/challenge/answer", signedAnswer(again, userKeys, userCert)), 401, "certificate-revoked");
    }

    /**
     * The first step's registry read ({@link IssuerPorts#admission}: standing, holder and lock in one
     * transaction) answers what asking the three questions one by one answers, in every state a
     * logon can meet.
     */
    @Test
    void oneRegistryReadAnswersWhatTheFirstStepAsksInEveryState() throws Exception {
        IssuerPorts ports = new IssuerPorts(issuer);
        Lockout separately = new Lockout() { // not the adapter itself: the port's default, three reads
            @Override
            public boolean isLocked(Account account) {
                return ports.isLocked(account);
            }

            @Override
            public FactorCheck countFailure(Account account) {
                return ports.countFailure(account);
            }

            @Override
            public void clearFailures(Account account) {
                ports.clearFailures(account);
            }
        };
        KeyPair adminKeys = TestCa.ecKeyPair();
        X509Certificate adminCert = acquireAdministrator(adminKeys);
        var credentials = new AdministratorCredentials(adminCert, contract.confirmationPin().copy());
        List<X509Certificate> userCerts = new ArrayList<>();
        for (String id : List.of("U01", "U02", "U03")) {
            RegisteredUser user = issuer.users().register(credentials, new UserId(id));
            issuer.users().authorise(new AdministratorCredentials(adminCert, contract.confirmationPin().copy()), user.userId(),
                    clock.instant().plus(Duration.ofDays(7)));
            userCerts.add(issuer.acquireUser(new UserAcquisition(contract.contractId(), user.userId(), user.userPin().copy(),
                    user.userConfirmationPin().copy(), SoftwareKeys.csr(TestCa.ecKeyPair()), TOKEN, Optional.empty())).certificate());
        }
        List<CertificateAdmission> seen = new ArrayList<>();
        Runnable compare = () -> {
            for (X509Certificate certificate : concat(adminCert, userCerts)) {
                CertificateAdmission admission = ports.admission(certificate, ports);
                assertEquals(ports.admission(certificate, separately), admission);
                seen.add(admission);
            }
        };
        compare.run(); // all current
        for (int i = 0; i < 5; i++) { // U01 locked by wrong ト
            assertThrows(IssuerException.class, () -> issuer.secrets().checkUser(contract.contractId(), new UserId("U01"),
                    UserSecret.USER_PIN, Secret.of("00000000")));
        }
        issuer.users().suspend(new AdministratorCredentials(adminCert, contract.confirmationPin().copy()), new UserId("U02"));
        issuer.revocations().revoke(userCerts.get(2).getSerialNumber().toString(16), RevocationReason.KEY_COMPROMISE);
        compare.run();
        for (int i = 0; i < 5; i++) { // the contract locked by wrong イ
            assertThrows(IssuerException.class, () -> issuer.secrets().checkContract(contract.contractId(),
                    ContractSecret.CONTRACT_PIN, Secret.of("0000")));
        }
        compare.run();
        assertTrue(issuer.backOffice().closeContract(contract.contractId()));
        compare.run();
        assertEquals(Set.of(CertificateStanding.CURRENT, CertificateStanding.HOLDER_SUSPENDED, CertificateStanding.REVOKED),
                seen.stream().map(CertificateAdmission::standing).collect(Collectors.toSet()));
        assertTrue(seen.stream().anyMatch(a -> a.holderLocked() && a.holder().orElseThrow() instanceof Account.User));
        assertTrue(seen.stream().anyMatch(a -> a.holderLocked() && a.holder().orElseThrow() instanceof Account.Administrator));
    }

    private static List<X509Certificate> concat(X509Certificate first, List<X509Certificate> rest) {
        List<X509Certificate> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    @Test
    void aNewAdministratorCertificateSupersedesTheOldOne() throws Exception {
        KeyPair oldKeys = TestCa.ecKeyPair();
        X509Certificate oldCert = acquireAdministrator(oldKeys);
        KeyPair newKeys = TestCa.ecKeyPair();
        X509Certificate newCert = acquireAdministrator(newKeys);
        denied(post(client(Optional.of(oldKeys), Optional.of(oldCert)), "/logon/mtls", ""), 401, "certificate-superseded");
        assertEquals(200, post(client(Optional.of(newKeys), Optional.of(newCert)), "/logon/mtls", "").statusCode());
    }

    @Test
    void missingAndMalformedChallengeFieldsAre400() throws Exception {
        HttpClient anonymous = client(Optional.empty(), Optional.empty());
        HttpResponse<String> missing = post(anonymous, "/logon/challenge/answer", "{\"nonce\":null}");
        assertEquals(400, missing.statusCode());
        assertEquals("invalid-field", mapper.readTree(missing.body()).get("code").asText());
        HttpResponse<String> garbled = post(anonymous, "/logon/challenge/answer",
                "{\"nonce\":\"" + "A".repeat(43) + "\",\"certificate\":\"bm90IGEgY2VydA==\",\"signature\":\"AA==\"}");
        assertEquals(400, garbled.statusCode());
        assertEquals("invalid-field", mapper.readTree(garbled.body()).get("code").asText());
    }

    /**
     * A user's two-step certificate logon forces the logon state's H2 file to the disk once, for
     * the consumption of its pending logon: the pending logon and the session are committed with
     * H2's write delay, without a file write of their own. A wrong ト also forces its counted
     * failure to the registry's disk before the answer.
     */
    @Test
    void aUserLogonForcesTheLogonStateToTheDiskOnce() throws Exception {
        RegisteredUser user = registerUser(acquireAdministrator(TestCa.ecKeyPair()));
        HttpClient holder = userClient(user);
        assertNotSame(bank.database(), bank.logonDatabase(), "logon state has a file of its own beside the embedded registry");

        Syncs before = syncs();
        JsonNode step = ok(post(holder, "/logon/mtls", ""));
        assertEquals(before, syncs(), "the first step forces nothing to the disk");
        ok(post(holder, "/logon/second-step", "{\"attempt\":\"" + step.get("attempt").asText() + "\",\"userPin\":\""
                + user.userPin().withChars(String::new) + "\"}"));
        assertEquals(before.plus(0, 1), syncs(), "one fsync per logon: the pending logon's consumption");

        step = ok(post(holder, "/logon/mtls", ""));
        Syncs beforeWrong = syncs();
        denied(post(holder, "/logon/second-step", "{\"attempt\":\"" + step.get("attempt").asText()
                + "\",\"userPin\":\"00000000\"}"));
        assertEquals(beforeWrong.plus(1, 1), syncs(), "the consumption and the counted failure both reach the disk");
    }

    /** How often each H2 file was forced to the disk. */
    private record Syncs(long registry, long logonState) {
        Syncs plus(long moreRegistry, long moreLogonState) {
            return new Syncs(registry + moreRegistry, logonState + moreLogonState);
        }
    }

    private Syncs syncs() {
        return new Syncs(bank.database().syncs(), bank.logonDatabase().syncs());
    }

    @Test
    void aUserLogsOnInOneRequestWithNoPendingLogonAndNoFsync() throws Exception {
        KeyPair adminKeys = TestCa.ecKeyPair();
        X509Certificate adminCert = acquireAdministrator(adminKeys);
        RegisteredUser user = registerUser(adminCert);
        HttpClient holder = userClient(user);
        String rightPin = "{\"userPin\":\"" + user.userPin().withChars(String::new) + "\"}";

        URI metrics = URI.create("http://127.0.0.1:" + bank.assembly().metricsPort().orElseThrow() + "/metrics");
        Syncs before = syncs();
        JsonNode session = ok(post(holder, "/logon/user", rightPin));
        String counted = MetricsOverHttpsTest.scrape(metrics);
        assertEquals(1.0, MetricsOverHttpsTest.value(counted, "keybound_logons_total", "result=\"second-step\",step=\"mutual-tls\""),
                "counted as the two steps it stands for");
        assertEquals(1.0, MetricsOverHttpsTest.value(counted, "keybound_logons_total", "result=\"granted\",step=\"second-step\""));
        assertEquals("U01", session.get("account").get("userId").asText());
        assertEquals("MUTUAL_TLS", session.get("method").asText());
        assertEquals(before, syncs(), "nothing to consume, so nothing forced to the disk");
        assertEquals(0, pendingLogons(), "no pending logon was stored");
        // the session is the connection certificate's, as a two-step logon's
        assertEquals(200, TestServer.send(holder, HttpRequest.newBuilder(URI.create(bank.server().origin() + "/session"))
                .header("Authorization", "Bearer " + session.get("session").asText()).GET().build()).statusCode());

        denied(post(holder, "/logon/user", "{\"userPin\":\"00000000\"}"));
        assertEquals(before.plus(1, 0), syncs(), "the counted failure reaches the disk");
        denied(post(holder, "/logon/user", "{}"), 400, "invalid-field");
        denied(post(client(Optional.of(adminKeys), Optional.of(adminCert)), "/logon/user", rightPin), 403,
                "not-a-user-certificate");
        denied(post(client(Optional.empty(), Optional.empty()), "/logon/user", rightPin), 401, "certificate-required");
        for (int i = 0; i < 4; i++) {
            denied(post(holder, "/logon/user", "{\"userPin\":\"00000000\"}"), i < 3 ? 401 : 403,
                    i < 3 ? "credentials-rejected" : "account-locked");
        }
        denied(post(holder, "/logon/user", rightPin), 403, "account-locked");
        assertEquals(0, pendingLogons());
        counted = MetricsOverHttpsTest.scrape(metrics);
        assertEquals(1.0, MetricsOverHttpsTest.value(counted, "keybound_lockouts_total", "where=\"logon\""),
                "the answer that locked, not the refusal of the locked account before its ト");
        assertEquals(1.0, MetricsOverHttpsTest.value(counted, "keybound_logons_total", "result=\"account-locked\",step=\"mutual-tls\""));
        assertEquals(1.0, MetricsOverHttpsTest.value(counted, "keybound_logons_total",
                "result=\"not-a-user-certificate\",step=\"mutual-tls\""));
    }

    private RegisteredUser registerUser(X509Certificate adminCert) {
        RegisteredUser user = issuer.users().register(new AdministratorCredentials(adminCert, contract.confirmationPin().copy()),
                new UserId("U01"));
        issuer.users().authorise(new AdministratorCredentials(adminCert, contract.confirmationPin().copy()), user.userId(),
                clock.instant().plus(Duration.ofDays(7)));
        return user;
    }

    /** A client holding a certificate just acquired for {@code user}. */
    private HttpClient userClient(RegisteredUser user) throws Exception {
        KeyPair userKeys = TestCa.ecKeyPair();
        X509Certificate userCert = issuer.acquireUser(new UserAcquisition(contract.contractId(), user.userId(),
                user.userPin().copy(), user.userConfirmationPin().copy(), SoftwareKeys.csr(userKeys), TOKEN, Optional.empty()))
                .certificate();
        return client(Optional.of(userKeys), Optional.of(userCert));
    }

    private int pendingLogons() {
        return bank.logonDatabase().inTransaction(c -> {
            try (var st = c.createStatement(); var rows = st.executeQuery("SELECT COUNT(*) FROM logon_attempt")) {
                rows.next();
                return rows.getInt(1);
            }
        });
    }

    private X509Certificate acquireAdministrator(KeyPair keys) throws Exception {
        return issuer.acquireAdministrator(new AdministratorAcquisition(contract.contractId(), contract.contractPin().copy(),
                contract.confirmationPin().copy(), SoftwareKeys.csr(keys), TOKEN, Optional.empty())).certificate();
    }

    @Test
    void wrongContractPinsLockTheContractInTheRegistry() throws Exception {
        KeyPair adminKeys = TestCa.ecKeyPair();
        X509Certificate adminCert = issuer.acquireAdministrator(new AdministratorAcquisition(contract.contractId(),
                contract.contractPin().copy(), contract.confirmationPin().copy(), SoftwareKeys.csr(adminKeys), TOKEN, Optional.empty()))
                .certificate();
        HttpClient admin = client(Optional.of(adminKeys), Optional.of(adminCert));
        for (int i = 0; i < 5; i++) {
            JsonNode step = ok(post(admin, "/logon/mtls", ""));
            HttpResponse<String> wrong = post(admin, "/logon/second-step", "{\"attempt\":\"" + step.get("attempt").asText()
                    + "\",\"contractPin\":\"0000\",\"cardDigits\":\"" + cardDigits(step) + "\"}");
            // the try that locks the contract says so; the ones before say only "rejected"
            denied(wrong, i < 4 ? 401 : 403, i < 4 ? "credentials-rejected" : "account-locked");
        }
        denied(post(admin, "/logon/mtls", ""), 403, "account-locked"); // locked: refused before any secret is asked for
        assertEquals(UnlockOutcome.UNLOCKED, issuer.backOffice().unlockContract(contract.contractId()));
        assertEquals(200, post(admin, "/logon/mtls", "").statusCode());
    }

    @Test
    void aRightContractPinDoesNotClearWrongCardAnswers() throws Exception {
        KeyPair adminKeys = TestCa.ecKeyPair();
        HttpClient admin = client(Optional.of(adminKeys), Optional.of(acquireAdministrator(adminKeys)));
        JsonNode kept = ok(post(admin, "/logon/mtls", "")); // handed out before the lock, answered rightly after it
        for (int i = 0; i < 5; i++) {
            JsonNode step = ok(post(admin, "/logon/mtls", ""));
            String wrongDigits = cardDigits(step).chars().map(d -> '0' + (d - '0' + 1) % 10)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            HttpResponse<String> wrong = post(admin, "/logon/second-step", "{\"attempt\":\"" + step.get("attempt").asText()
                    + "\",\"contractPin\":\"" + contract.contractPin().withChars(String::new) + "\",\"cardDigits\":\"" + wrongDigits + "\"}");
            denied(wrong, i < 4 ? 401 : 403, i < 4 ? "credentials-rejected" : "account-locked");
        }
        assertEquals(5, failures());
        // the right answer after them, every factor right, is refused: the contract is locked
        denied(post(admin, "/logon/second-step", "{\"attempt\":\"" + kept.get("attempt").asText() + "\",\"contractPin\":\""
                + contract.contractPin().withChars(String::new) + "\",\"cardDigits\":\"" + cardDigits(kept) + "\"}"),
                403, "account-locked");
        denied(post(admin, "/logon/mtls", ""), 403, "account-locked");
        assertEquals(5, failures(), "the count of a locked contract stays as it was");
    }

    @Test
    void eachWrongFactorCountsAndOnlyAFullyRightAnswerClearsTheCount() throws Exception {
        KeyPair adminKeys = TestCa.ecKeyPair();
        HttpClient admin = client(Optional.of(adminKeys), Optional.of(acquireAdministrator(adminKeys)));
        JsonNode step = ok(post(admin, "/logon/mtls", ""));
        denied(post(admin, "/logon/second-step", "{\"attempt\":\"" + step.get("attempt").asText()
                + "\",\"contractPin\":\"0000\",\"cardDigits\":\"0000\"}"));
        assertEquals(2, failures(), "a wrong イ and a wrong card answer count twice");
        step = ok(post(admin, "/logon/mtls", ""));
        ok(post(admin, "/logon/second-step", "{\"attempt\":\"" + step.get("attempt").asText()
                + "\",\"contractPin\":\"" + contract.contractPin().withChars(String::new) + "\",\"cardDigits\":\"" + cardDigits(step) + "\"}"));
        assertEquals(0, failures());
    }

    private int failures() {
        return bank.database().inTransaction(c -> new ContractRepository().find(c, contract.contractId())).orElseThrow().failures();
    }

    /** The right digits of the cells a second step asks for. */
    private String cardDigits(JsonNode step) {
        StringBuilder digits = new StringBuilder();
        for (JsonNode label : step.get("cardCells")) {
            CardCell cell = CardCell.parse(label.asText());
            digits.append(contract.card().cell(new keybound.issuer.contract.CardCell(cell.row(), cell.column())));
        }
        return digits.toString();
    }

    private String signedAnswer(JsonNode challenge, KeyPair keys, X509Certificate certificate) throws Exception {
        var toSign = new LogonChallenge(new Nonce(challenge.get("nonce").asText()), bank.server().origin(),
                Instant.ofEpochSecond(challenge.get("expiresAt").asLong()));
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(keys.getPrivate());
        signature.update(toSign.toBeSigned());
        return "{\"nonce\":\"" + challenge.get("nonce").asText() + "\",\"certificate\":\""
                + Base64.getEncoder().encodeToString(certificate.getEncoded()) + "\",\"signature\":\""
                + Base64.getEncoder().encodeToString(signature.sign()) + "\"}";
    }

    /** A client trusting the bank CA, presenting {@code certificate} when given. */
    private HttpClient client(Optional<KeyPair> keys, Optional<X509Certificate> certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < issuer.caChain().size(); i++) {
            trust.setCertificateEntry("bank-ca-" + i, issuer.caChain().get(i));
        }
        TrustManagerFactory trusted = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trusted.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.isPresent() ? new KeyManager[] {SoftwareKeys.keyManager(keys.get(), certificate.orElseThrow())} : null,
                trusted.getTrustManagers(), null);
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context).build();
    }

    private HttpResponse<String> post(HttpClient client, String path, String json) throws Exception {
        return TestServer.send(client, HttpRequest.newBuilder(URI.create(bank.server().origin() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private JsonNode ok(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return mapper.readTree(response.body());
    }

    private void denied(HttpResponse<String> response) throws Exception {
        denied(response, 401, "credentials-rejected");
    }

    private void denied(HttpResponse<String> response, int status, String code) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(code, mapper.readTree(response.body()).get("code").asText());
    }
}

package keybound.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import keybound.credentials.HashParameters;
import keybound.credentials.SecretHasher;
import keybound.credentials.SecretVerifiers;
import keybound.issuer.Issuer;
import keybound.issuer.IssuerConfig;
import keybound.issuer.UnlockOutcome;
import keybound.issuer.ca.CaKeyPair;
import keybound.issuer.ca.CaSetup;
import keybound.issuer.ca.CaSigner;
import keybound.issuer.ca.CaUrls;
import keybound.issuer.ca.CertificateAuthority;
import keybound.issuer.ca.RevocationReason;
import keybound.issuer.contract.Bank;
import keybound.issuer.contract.BankCode;
import keybound.issuer.contract.ContractSecret;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.contract.RegisteredUser;
import keybound.issuer.contract.UserId;
import keybound.issuer.enrollment.AdministratorAcquisition;
import keybound.issuer.enrollment.AdministratorCredentials;
import keybound.issuer.enrollment.TokenReport;
import keybound.issuer.enrollment.UserAcquisition;
import keybound.issuer.policy.AttestationPolicy;
import keybound.issuer.store.ContractRepository;
import keybound.issuer.store.Database;
import keybound.issuer.verifier.TokenVerifierKey;
import keybound.logon.challenge.LogonChallenge;
import keybound.logon.challenge.Nonce;
import keybound.logon.otp.CardCell;
import keybound.server.issuer.IssuerPorts;
import keybound.testkit.ca.TestCa;
import keybound.testkit.clock.MutableClock;
import keybound.testkit.softhsm.SoftHsmExtension;
import keybound.testkit.softhsm.TokenSpec;
import keybound.token.KeyAlgorithm;
import keybound.token.Secret;
import keybound.token.Token;
import keybound.token.TokenKind;
import keybound.token.TokenSession;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logon over HTTPS with the real issuer behind the ports ({@link IssuerPorts}): its registry on
 * an H2 file, its CA key on SoftHSM, its secrets hashed and its lockout counted in the database.
 */
@ExtendWith(SoftHsmExtension.class)
class IssuerBackedLogonTest {

    private static final BankCode BANK = new BankCode("1234");
    private static final TokenReport TOKEN = new TokenReport(TokenKind.PKCS11, "SoftHSM v2", "0000000000000001");
    private static CertificateAuthority ca;

    @TempDir
    Path directory;

    private final ObjectMapper mapper = new ObjectMapper();
    private final MutableClock clock = MutableClock.atNow();
    private Database database;
    private Issuer issuer;
    private BankServer server;
    private TestPki pki;
    private OpenedContract contract;

    @BeforeAll
    static void createCa() {
        TokenSpec spec = SharedSoftHsm.freshToken("logon-bank-ca");
        TokenSession session;
        try (Secret pin = Secret.of(spec.userPin())) {
            session = SharedSoftHsm.token(spec).open(pin);
        }
        Instant start = Instant.now().minus(Duration.ofDays(1));
        var setup = new CaSetup();
        CaKeyPair root = setup.createRoot(session, KeyAlgorithm.EC_P256, "root",
                new X500Name("C=JP,O=keybound logon test bank,CN=Root CA"), start, Duration.ofDays(3650), 1);
        CaKeyPair issuing = setup.createIssuing(root, session, session, KeyAlgorithm.EC_P256, "issuing",
                new X500Name("C=JP,O=keybound logon test bank,CN=Issuing CA"), start, Duration.ofDays(1825));
        ca = new CertificateAuthority(new CaSigner(session, issuing.key()), List.of(issuing.certificate(), root.certificate()),
                new CaUrls(java.net.URI.create("http://127.0.0.1/crl"), java.net.URI.create("http://127.0.0.1/ocsp")));
    }

    @BeforeEach
    void openBank() throws Exception {
        openBank(SecretVerifiers.argon2Only(new SecretHasher(HashParameters.testing())), "registry");
    }

    private void openBank(SecretVerifiers verifiers, String registry) throws Exception {
        database = Database.h2(directory.resolve(registry));
        IssuerConfig config = IssuerConfig.defaults(new SecretKeySpec(new byte[32], "AES"))
                .withSecretHashing(HashParameters.testing());
        issuer = new Issuer(database, ca, (statement, nonce) -> {
            throw new IllegalStateException("no attestation under policy NONE");
        }, config, verifiers, clock);
        issuer.backOffice().registerBank(new Bank(BANK, "Keybound Shinkin Bank", AttestationPolicy.NONE));
        contract = issuer.backOffice().openContract(BANK);

        pki = new TestPki(directory, ca.chain());
        Path file = Files.writeString(directory.resolve("server.properties"), String.join("\n", "listen.port=0",
                "tls.keystore.path=" + pki.keystore, "tls.keystore.password=" + new String(TestPki.STORE_PASSWORD),
                "tls.truststore.path=" + pki.truststore, "tls.truststore.password=" + new String(TestPki.STORE_PASSWORD)));
        ServerConfig serverConfig = ConfigSource.load(file, Map.of());
        var ports = new IssuerPorts(issuer).ports();
        server = BankServer.start(serverConfig,
                origin -> BankApplication.routes(BankApplication.logonService(origin, serverConfig, ports, clock)));
    }

    @AfterEach
    void close() {
        server.close();
        database.close();
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
                contract.contractPin().copy(), contract.confirmationPin().copy(), csr(adminKeys), TOKEN, Optional.empty()))
                .certificate();
        denied(post(anonymous, "/logon/password", password));

        // I-3: certificate logon, イ, then the customer card's cells.
        HttpClient admin = client(Optional.of(adminKeys), Optional.of(adminCert));
        JsonNode step = ok(post(admin, "/logon/mtls", ""));
        StringBuilder digits = new StringBuilder();
        for (JsonNode label : step.get("cardCells")) {
            CardCell cell = CardCell.parse(label.asText());
            digits.append(contract.card().cell(new keybound.issuer.contract.CardCell(cell.row(), cell.column())));
        }
        JsonNode adminSession = ok(post(admin, "/logon/second-step", "{\"attempt\":\"" + step.get("attempt").asText()
                + "\",\"contractPin\":\"" + contract.contractPin().withChars(String::new) + "\",\"cardDigits\":\"" + digits + "\"}"));
        assertEquals("administrator", adminSession.get("account").get("kind").asText());

        // I-3 → II-1: the administrator registers a user, who acquires a certificate.
        var credentials = new AdministratorCredentials(adminCert, contract.confirmationPin().copy());
        RegisteredUser user = issuer.users().register(credentials, new UserId("U01"));
        issuer.users().authorise(new AdministratorCredentials(adminCert, contract.confirmationPin().copy()), user.userId(),
                clock.instant().plus(Duration.ofDays(7)));
        KeyPair userKeys = TestCa.ecKeyPair();
        X509Certificate userCert = issuer.acquireUser(new UserAcquisition(contract.contractId(), user.userId(),
                user.userPin().copy(), user.userConfirmationPin().copy(), csr(userKeys), TOKEN, Optional.empty())).certificate();

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

    @Test
    void withTheVerifierTokenGoneLogonAnswers503AndCountsNothingThenWorksWhenItIsBack() throws Exception {
        close();
        TokenSpec spec = SharedSoftHsm.freshToken("logon-verifier");
        Token bankToken = SharedSoftHsm.token(spec);
        TokenVerifierKey key;
        try (Secret pin = Secret.of(spec.userPin())) {
            key = TokenVerifierKey.open(bankToken, pin, "secret-verifier-1", true, 2);
        }
        openBank(new SecretVerifiers(key, List.of(), new SecretHasher(HashParameters.testing())), "keyed-registry");
        String password = "{\"contractId\":\"" + contract.contractId().value() + "\",\"confirmationPassword\":\""
                + contract.confirmationPassword().withChars(String::new) + "\",\"contractPin\":\"" + contract.contractPin().withChars(String::new) + "\"}";
        HttpClient anonymous = client(Optional.empty(), Optional.empty());
        assertEquals("ID_AND_PASSWORD", ok(post(anonymous, "/logon/password", password)).get("method").asText());

        bankToken.close(); // the token goes away under the verifier key's leases
        for (int i = 0; i < 3; i++) {
            denied(post(anonymous, "/logon/password", password), 503, "service-unavailable");
        }
        assertEquals(0, database.inTransaction(c -> new ContractRepository().find(c, contract.contractId())).orElseThrow()
                .failures(), "nothing was counted");
        key.close();

        try (Secret pin = Secret.of(spec.userPin());
             TokenVerifierKey back = TokenVerifierKey.open(SharedSoftHsm.token(spec), pin, "secret-verifier-1", false, 1)) {
            var again = new Issuer(database, ca, (statement, nonce) -> {
                throw new IllegalStateException("no attestation under policy NONE");
            }, IssuerConfig.defaults(new SecretKeySpec(new byte[32], "AES")).withSecretHashing(HashParameters.testing()),
                    new SecretVerifiers(back, List.of(), new SecretHasher(HashParameters.testing())), clock);
            again.secrets().checkContract(contract.contractId(), ContractSecret.CONTRACT_PIN,
                    contract.contractPin().copy());
        }
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

    private X509Certificate acquireAdministrator(KeyPair keys) throws Exception {
        return issuer.acquireAdministrator(new AdministratorAcquisition(contract.contractId(), contract.contractPin().copy(),
                contract.confirmationPin().copy(), csr(keys), TOKEN, Optional.empty())).certificate();
    }

    @Test
    void wrongContractPinsLockTheContractInTheRegistry() throws Exception {
        KeyPair adminKeys = TestCa.ecKeyPair();
        X509Certificate adminCert = issuer.acquireAdministrator(new AdministratorAcquisition(contract.contractId(),
                contract.contractPin().copy(), contract.confirmationPin().copy(), csr(adminKeys), TOKEN, Optional.empty()))
                .certificate();
        HttpClient admin = client(Optional.of(adminKeys), Optional.of(adminCert));
        for (int i = 0; i < 5; i++) {
            JsonNode step = ok(post(admin, "/logon/mtls", ""));
            HttpResponse<String> wrong = post(admin, "/logon/second-step", "{\"attempt\":\"" + step.get("attempt").asText()
                    + "\",\"contractPin\":\"0000\",\"cardDigits\":\"0000\"}");
            // the try that locks the contract says so; the ones before say only "rejected"
            denied(wrong, i < 4 ? 401 : 403, i < 4 ? "credentials-rejected" : "account-locked");
        }
        denied(post(admin, "/logon/mtls", ""), 403, "account-locked"); // locked: refused before any secret is asked for
        assertEquals(UnlockOutcome.UNLOCKED, issuer.backOffice().unlockContract(contract.contractId()));
        assertEquals(200, post(admin, "/logon/mtls", "").statusCode());
    }


    private static byte[] csr(KeyPair keys) throws Exception {
        return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=asked"), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())).getEncoded();
    }

    private String signedAnswer(JsonNode challenge, KeyPair keys, X509Certificate certificate) throws Exception {
        var toSign = new LogonChallenge(new Nonce(challenge.get("nonce").asText()), server.origin(),
                Instant.ofEpochSecond(challenge.get("expiresAt").asLong()));
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(keys.getPrivate());
        signature.update(toSign.toBeSigned());
        return "{\"nonce\":\"" + challenge.get("nonce").asText() + "\",\"certificate\":\""
                + Base64.getEncoder().encodeToString(certificate.getEncoded()) + "\",\"signature\":\""
                + Base64.getEncoder().encodeToString(signature.sign()) + "\"}";
    }

    private HttpClient client(Optional<KeyPair> keys, Optional<X509Certificate> certificate) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(pki.clientContext(keys, certificate))
                .build();
    }

    private HttpResponse<String> post(HttpClient client, String path, String json) throws Exception {
        return TestServer.send(client, HttpRequest.newBuilder(java.net.URI.create(server.origin() + path))
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

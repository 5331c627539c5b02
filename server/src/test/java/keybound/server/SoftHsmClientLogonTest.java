package keybound.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import keybound.logon.Account;
import keybound.logon.SecretKind;
import keybound.logon.challenge.LogonChallenge;
import keybound.logon.challenge.Nonce;
import keybound.server.fixture.SharedSoftHsm;
import keybound.testkit.softhsm.SoftHsmExtension;
import keybound.testkit.softhsm.TokenSpec;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import keybound.token.Secret;
import keybound.token.TokenSession;
import keybound.token.jca.TokenKeyManager;
import keybound.token.jca.TokenProvider;
import keybound.token.pkcs11.Pkcs11Token;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Signed-challenge logons over HTTPS with the user's key on a real SoftHSM token: the private key
 * never leaves the token, and a certificate copied next to another token's key gets nowhere.
 */
@ExtendWith(SoftHsmExtension.class)
class SoftHsmClientLogonTest {

    private static final Account.User USER = new Account.User("0123456789", "U01");

    private static Pkcs11Token token;
    private static Pkcs11Token otherToken;
    private static TokenSpec spec;
    private static TokenSpec otherSpec;

    @TempDir
    Path directory;

    private final ObjectMapper mapper = new ObjectMapper();
    private TestServer server;

    @BeforeAll
    static void createTokens() {
        spec = SharedSoftHsm.freshToken("logon-user");
        otherSpec = SharedSoftHsm.freshToken("logon-other");
        token = SharedSoftHsm.token(spec);
        otherToken = SharedSoftHsm.token(otherSpec);
    }

    @AfterAll
    static void closeTokens() {
        token.close();
        otherToken.close();
    }

    @BeforeEach
    void start() {
        server = new TestServer(directory, ClientAuth.WANT);
        server.bank.setSecret(USER, SecretKind.USER_PIN, "9876");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static TokenSession open(Pkcs11Token which, TokenSpec whose) {
        try (Secret pin = Secret.of(whose.userPin())) {
            return which.open(pin);
        }
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void userLogsOnBySigningTheChallengeOnTheToken(KeyAlgorithm algorithm) throws Exception {
        try (TokenSession session = open(token, spec)) {
            KeyRef key = session.generateKeyPair(algorithm, "logon-" + algorithm);
            X509Certificate certificate = server.pki.ca.issueClient("0123456789U010001", session.publicKey(key));
            session.storeCertificate(key, certificate);
            server.bank.register(USER, certificate);

            HttpClient client = server.anonymousClient();
            JsonNode step = ok(server.postJson(client, "/logon/challenge/answer", answer(client, session, key, certificate)));
            JsonNode granted = ok(server.postJson(client, "/logon/second-step",
                    "{\"attempt\":\"" + step.get("attempt").asText() + "\",\"userPin\":\"9876\"}"));
            assertEquals("SIGNED_CHALLENGE", granted.get("method").asText());
            assertEquals("U01", granted.get("account").get("userId").asText());
        }
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void certificateCopiedToAnotherTokenDoesNotLogOn(KeyAlgorithm algorithm) throws Exception {
        try (TokenSession owner = open(token, spec); TokenSession thief = open(otherToken, otherSpec)) {
            KeyRef key = owner.generateKeyPair(algorithm, "owner-" + algorithm);
            X509Certificate certificate = server.pki.ca.issueClient("0123456789U010001", owner.publicKey(key));
            server.bank.register(USER, certificate);
            // The token itself refuses to store a certificate for another key, so the copy stays
            // beside the token: the thief presents it and signs with the key the token does hold.
            KeyRef thiefKey = thief.generateKeyPair(algorithm, "thief-" + algorithm);

            HttpClient client = server.anonymousClient();
            HttpResponse<String> response = server.postJson(client, "/logon/challenge/answer",
                    answer(client, thief, thiefKey, certificate));
            assertEquals(401, response.statusCode());
            assertEquals("signature-invalid", mapper.readTree(response.body()).get("code").asText());
        }
    }

    @Test
    void userLogsOnByMutualTlsWithTheKeyOnTheTokenThenEntersTheUserPin() throws Exception {
        try (TokenSession session = open(token, spec)) {
            KeyRef key = session.generateKeyPair(KeyAlgorithm.EC_P256, "mtls-user");
            X509Certificate certificate = server.pki.ca.issueClient("0123456789U010001", session.publicKey(key));
            server.bank.register(USER, certificate);
            session.storeCertificate(key, certificate);
            // The station's own key manager: JSSE signs the CertificateVerify on the token.
            TokenProvider.install();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .sslContext(server.pki.clientContext(new TokenKeyManager(session, List.of()))).build();

            JsonNode step = ok(server.postJson(client, "/logon/mtls", ""));
            assertEquals("user-pin", step.get("secondStep").asText());
            JsonNode granted = ok(server.postJson(client, "/logon/second-step",
                    "{\"attempt\":\"" + step.get("attempt").asText() + "\",\"userPin\":\"9876\"}"));
            assertEquals("MUTUAL_TLS", granted.get("method").asText());
            HttpResponse<String> status = TestServer.send(client, HttpRequest.newBuilder(server.uri("/session"))
                    .header("Authorization", "Bearer " + granted.get("session").asText()).GET().build());
            assertEquals(200, status.statusCode());
        }
    }

    private String answer(HttpClient client, TokenSession session, KeyRef key, X509Certificate certificate) throws Exception {
        JsonNode challenge = ok(server.postJson(client, "/logon/challenge", ""));
        var toSign = new LogonChallenge(new Nonce(challenge.get("nonce").asText()), server.server.origin(),
                Instant.ofEpochSecond(challenge.get("expiresAt").asLong()));
        byte[] signature = session.sign(key, key.algorithm().defaultSignature(), toSign.toBeSigned());
        return "{\"nonce\":\"" + challenge.get("nonce").asText() + "\",\"certificate\":\""
                + Base64.getEncoder().encodeToString(certificate.getEncoded()) + "\",\"signature\":\""
                + Base64.getEncoder().encodeToString(signature) + "\"}";
    }

    private JsonNode ok(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return mapper.readTree(response.body());
    }
}

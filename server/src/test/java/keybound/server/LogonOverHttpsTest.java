package keybound.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import keybound.logon.Account;
import keybound.logon.CertificateStanding;
import keybound.logon.SecretKind;
import keybound.logon.challenge.LogonChallenge;
import keybound.logon.challenge.Nonce;
import keybound.logon.otp.CardCell;
import keybound.logon.otp.CardGrid;
import keybound.testkit.ca.TestCa;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manual's logons (I-3, II-2) and their refusals, over a real HTTPS socket on loopback. */
class LogonOverHttpsTest {

    private static final String CONTRACT = "0123456789";
    private static final Account.Administrator ADMIN = new Account.Administrator(CONTRACT);
    private static final Account.User USER = new Account.User(CONTRACT, "U01");

    @TempDir
    Path directory;

    private final ObjectMapper mapper = new ObjectMapper();
    private TestServer server;
    private final KeyPair adminKeys = TestCa.ecKeyPair();
    private final KeyPair userKeys = TestCa.ecKeyPair();
    private X509Certificate adminCert;
    private X509Certificate userCert;
    private String[][] card;

    @BeforeEach
    void openContract() {
        server = new TestServer(directory, ClientAuth.WANT);
        adminCert = server.pki.ca.issueClient(CONTRACT + "0001", adminKeys.getPublic());
        userCert = server.pki.ca.issueClient(CONTRACT + "U010001", userKeys.getPublic());
        server.bank.register(ADMIN, adminCert);
        server.bank.register(USER, userCert);
        server.bank.setSecret(ADMIN, SecretKind.CONTRACT_PIN, "4321");
        server.bank.setSecret(USER, SecretKind.USER_PIN, "9876");
        card = server.bank.issueCard(CONTRACT, new CardGrid(5, 8));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode ok(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return mapper.readTree(response.body());
    }

    private void denied(HttpResponse<String> response, String code) throws Exception {
        assertEquals(401, response.statusCode(), response.body());
        assertEquals(code, mapper.readTree(response.body()).get("code").asText());
    }

    private HttpResponse<String> withSession(HttpClient client, String method, String path, String session) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(server.uri(path)).header("Authorization", "Bearer " + session);
        builder = method.equals("GET") ? builder.GET() : builder.POST(HttpRequest.BodyPublishers.noBody());
        return TestServer.send(client, builder.build());
    }

    private String userLogsOnByMutualTls(HttpClient client) throws Exception {
        JsonNode step = ok(server.postJson(client, "/logon/mtls", ""));
        assertEquals("user-pin", step.get("secondStep").asText());
        JsonNode session = ok(server.postJson(client, "/logon/second-step",
                "{\"attempt\":\"" + step.get("attempt").asText() + "\",\"userPin\":\"9876\"}"));
        return session.get("session").asText();
    }

    @Test
    void userLogsOnByMutualTlsSeesTheSessionAndLogsOff() throws Exception {
        HttpClient client = server.clientWith(userKeys, userCert);
        String session = userLogsOnByMutualTls(client);

        JsonNode status = ok(withSession(client, "GET", "/session", session));
        assertEquals("user", status.get("account").get("kind").asText());
        assertEquals("U01", status.get("account").get("userId").asText());
        assertEquals("MUTUAL_TLS", status.get("method").asText());
        assertTrue(status.get("session").isNull(), "the status page does not echo the session id");

        assertEquals(204, withSession(client, "POST", "/logoff", session).statusCode());
        denied(withSession(client, "GET", "/session", session), "session-invalid");
    }

    @Test
    void administratorLogsOnWithContractPinAndCardCells() throws Exception {
        HttpClient client = server.clientWith(adminKeys, adminCert);
        JsonNode step = ok(server.postJson(client, "/logon/mtls", ""));
        assertEquals("contract-pin-and-one-time-password", step.get("secondStep").asText());
        StringBuilder digits = new StringBuilder();
        for (JsonNode label : step.get("cardCells")) {
            CardCell cell = CardCell.parse(label.asText());
            digits.append(card[cell.row()][cell.column()]);
        }
        String answer = "{\"attempt\":\"" + step.get("attempt").asText() + "\",\"contractPin\":\"4321\",\"cardDigits\":\""
                + digits + "\"}";
        JsonNode session = ok(server.postJson(client, "/logon/second-step", answer));
        assertEquals("administrator", session.get("account").get("kind").asText());
        assertEquals(CONTRACT, session.get("account").get("contractId").asText());
        denied(server.postJson(client, "/logon/second-step", answer), "attempt-invalid"); // the card challenge was used
    }

    @Test
    void userLogsOnBySignedChallengeWithoutAClientCertificateOnTheConnection() throws Exception {
        HttpClient client = server.anonymousClient();
        JsonNode challenge = ok(server.postJson(client, "/logon/challenge", ""));
        assertEquals(server.server.origin(), challenge.get("origin").asText());
        String answer = signedAnswer(challenge, server.server.origin(), userKeys, userCert);
        JsonNode step = ok(server.postJson(client, "/logon/challenge/answer", answer));
        JsonNode session = ok(server.postJson(client, "/logon/second-step",
                "{\"attempt\":\"" + step.get("attempt").asText() + "\",\"userPin\":\"9876\"}"));
        String id = session.get("session").asText();
        assertEquals("SIGNED_CHALLENGE", ok(withSession(client, "GET", "/session", id)).get("method").asText());

        denied(server.postJson(client, "/logon/challenge/answer", answer), "challenge-invalid"); // replayed nonce
        denied(withSession(server.clientWith(userKeys, userCert), "GET", "/session", id), "session-invalid");
    }

    @Test
    void challengeSignedForAnotherOriginIsDenied() throws Exception {
        HttpClient client = server.anonymousClient();
        JsonNode challenge = ok(server.postJson(client, "/logon/challenge", ""));
        denied(server.postJson(client, "/logon/challenge/answer",
                signedAnswer(challenge, "https://bank-login.example", userKeys, userCert)), "signature-invalid");
    }

    @Test
    void sessionIsRefusedOnAConnectionWithAnotherCertificate() throws Exception {
        String session = userLogsOnByMutualTls(server.clientWith(userKeys, userCert));
        denied(withSession(server.clientWith(adminKeys, adminCert), "GET", "/session", session), "session-invalid");
        denied(withSession(server.anonymousClient(), "GET", "/session", session), "session-invalid");
        denied(withSession(server.clientWith(adminKeys, adminCert), "POST", "/logoff", session), "session-invalid");
        ok(withSession(server.clientWith(userKeys, userCert), "GET", "/session", session));
    }

    @Test
    void everyWrongSecretLooksTheSameToTheClientWhicheverFactor() throws Exception {
        HttpClient user = server.clientWith(userKeys, userCert);
        JsonNode step = ok(server.postJson(user, "/logon/mtls", ""));
        HttpResponse<String> wrongPin = server.postJson(user, "/logon/second-step",
                "{\"attempt\":\"" + step.get("attempt").asText() + "\",\"userPin\":\"0000\"}");
        HttpClient admin = server.clientWith(adminKeys, adminCert);
        JsonNode adminStep = ok(server.postJson(admin, "/logon/mtls", ""));
        String wrongDigits = wrongDigits(adminStep);
        HttpResponse<String> wrongCard = server.postJson(admin, "/logon/second-step", "{\"attempt\":\""
                + adminStep.get("attempt").asText() + "\",\"contractPin\":\"4321\",\"cardDigits\":\"" + wrongDigits + "\"}");
        JsonNode adminStep2 = ok(server.postJson(admin, "/logon/mtls", ""));
        HttpResponse<String> wrongContractPin = server.postJson(admin, "/logon/second-step", "{\"attempt\":\""
                + adminStep2.get("attempt").asText() + "\",\"contractPin\":\"0000\",\"cardDigits\":\"" + rightDigits(adminStep2) + "\"}");
        denied(wrongPin, "credentials-rejected");
        assertEquals(wrongPin.body(), wrongCard.body());
        assertEquals(wrongPin.body(), wrongContractPin.body());

        denied(server.postJson(server.anonymousClient(), "/logon/mtls", ""), "certificate-required");
        server.bank.setStatus(adminCert, CertificateStanding.REVOKED);
        denied(server.postJson(server.clientWith(adminKeys, adminCert), "/logon/mtls", ""), "certificate-revoked");
    }

    /** The right digits for the cells asked, with the first digit changed. */
    private String wrongDigits(JsonNode step) {
        StringBuilder digits = new StringBuilder(rightDigits(step));
        digits.setCharAt(0, digits.charAt(0) == '0' ? '1' : '0');
        return digits.toString();
    }

    /** The right digits for the cells asked (each wrong factor counts on its own, so only イ is wrong where this is sent). */
    private String rightDigits(JsonNode step) {
        StringBuilder digits = new StringBuilder();
        for (JsonNode label : step.get("cardCells")) {
            CardCell cell = CardCell.parse(label.asText());
            digits.append(card[cell.row()][cell.column()]);
        }
        return digits.toString();
    }

    @Test
    void wrongUserPinThreeTimesLocksTheUser() throws Exception {
        HttpClient user = server.clientWith(userKeys, userCert);
        for (int i = 0; i < 3; i++) {
            JsonNode step = ok(server.postJson(user, "/logon/mtls", ""));
            HttpResponse<String> wrong = server.postJson(user, "/logon/second-step",
                    "{\"attempt\":\"" + step.get("attempt").asText() + "\",\"userPin\":\"0000\"}");
            // the try that locks the account says so; the ones before say only "rejected"
            assertEquals(i < 2 ? "credentials-rejected" : "account-locked", mapper.readTree(wrong.body()).get("code").asText());
        }
        assertEquals(3, server.bank.failures(USER));
        HttpResponse<String> locked = server.postJson(user, "/logon/mtls", "");
        assertEquals(403, locked.statusCode(), locked.body());
        assertEquals("account-locked", mapper.readTree(locked.body()).get("code").asText());
    }

    @Test
    void passwordMethodIsClosedOnceTheContractHasAnAdministratorCertificate() throws Exception {
        server.bank.setSecret(ADMIN, SecretKind.CONFIRMATION_PASSWORD, "pass-B");
        denied(server.postJson(server.anonymousClient(), "/logon/password",
                "{\"contractId\":\"" + CONTRACT + "\",\"confirmationPassword\":\"pass-B\",\"contractPin\":\"4321\"}"),
                "credentials-rejected");
        server.bank.setSecret(new Account.Administrator("9999999999"), SecretKind.CONFIRMATION_PASSWORD, "pass-B");
        server.bank.setSecret(new Account.Administrator("9999999999"), SecretKind.CONTRACT_PIN, "1111");
        JsonNode session = ok(server.postJson(server.anonymousClient(), "/logon/password",
                "{\"contractId\":\"9999999999\",\"confirmationPassword\":\"pass-B\",\"contractPin\":\"1111\"}"));
        assertEquals("ID_AND_PASSWORD", session.get("method").asText());
    }

    /** What a client does: builds the signed bytes from its own idea of the origin, signs with its key. */
    private String signedAnswer(JsonNode challenge, String origin, KeyPair keys, X509Certificate certificate) throws Exception {
        var toSign = new LogonChallenge(new Nonce(challenge.get("nonce").asText()), origin,
                Instant.ofEpochSecond(challenge.get("expiresAt").asLong()));
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(keys.getPrivate());
        signature.update(toSign.toBeSigned());
        return "{\"nonce\":\"" + challenge.get("nonce").asText() + "\",\"certificate\":\""
                + Base64.getEncoder().encodeToString(certificate.getEncoded()) + "\",\"signature\":\""
                + Base64.getEncoder().encodeToString(signature.sign()) + "\"}";
    }
}

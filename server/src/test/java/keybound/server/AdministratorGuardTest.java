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
import java.security.cert.X509Certificate;
import java.util.Map;
import keybound.logon.Account;
import keybound.logon.LogonService;
import keybound.logon.SecretKind;
import keybound.logon.otp.CardCell;
import keybound.logon.otp.CardGrid;
import keybound.logon.testing.InMemoryBank;
import keybound.server.api.ApiResponse;
import keybound.server.logon.SessionGuard;
import keybound.testkit.ca.TestCa;
import keybound.testkit.clock.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Administrator operations need an administrator who logged on by certificate: a user session and
 * an ID/password session are 403, no session is 401. Proven on a stand-in route until the issuer's
 * operations exist.
 */
class AdministratorGuardTest {

    private static final String CONTRACT = "0123456789";

    @TempDir
    Path directory;

    private final ObjectMapper mapper = new ObjectMapper();
    private final MutableClock clock = MutableClock.atNow();
    private final InMemoryBank bank = new InMemoryBank(5, clock);
    private TestPki pki;
    private BankServer server;
    private String[][] card;

    @BeforeEach
    void start() throws Exception {
        pki = new TestPki(directory);
        Path file = Files.writeString(directory.resolve("server.properties"), String.join("\n", "listen.port=0",
                "tls.keystore.path=" + pki.keystore, "tls.keystore.password=" + new String(TestPki.STORE_PASSWORD),
                "tls.truststore.path=" + pki.truststore, "tls.truststore.password=" + new String(TestPki.STORE_PASSWORD)));
        ServerConfig config = ConfigSource.load(file, Map.of());
        server = BankServer.start(config, origin -> {
            LogonService logon = BankApplication.logonService(origin, config, bank.ports(), clock);
            var guard = new SessionGuard(logon);
            return BankApplication.routes(logon).get("/admin/contract",
                    request -> ApiResponse.ok(Map.of("contractId",
                            guard.requireAdministratorByCertificate(request).account().contractId())));
        });
        card = bank.issueCard(CONTRACT, new CardGrid(4, 6));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void onlyAnAdministratorWhoLoggedOnByCertificateGetsThrough() throws Exception {
        var admin = new Account.Administrator(CONTRACT);
        var user = new Account.User(CONTRACT, "U01");
        KeyPair adminKeys = TestCa.ecKeyPair();
        KeyPair userKeys = TestCa.ecKeyPair();
        X509Certificate adminCert = pki.ca.issueClient(CONTRACT + "0001", adminKeys.getPublic());
        X509Certificate userCert = pki.ca.issueClient(CONTRACT + "U010001", userKeys.getPublic());
        bank.register(admin, adminCert);
        bank.register(user, userCert);
        bank.setSecret(admin, SecretKind.CONTRACT_PIN, "4321");
        bank.setSecret(user, SecretKind.USER_PIN, "9876");

        HttpClient adminClient = client(adminKeys, adminCert);
        JsonNode step = json(post(adminClient, "/logon/mtls", ""));
        StringBuilder digits = new StringBuilder();
        for (JsonNode label : step.get("cardCells")) {
            CardCell cell = CardCell.parse(label.asText());
            digits.append(card[cell.row()][cell.column()]);
        }
        String adminSession = json(post(adminClient, "/logon/second-step", "{\"attempt\":\"" + step.get("attempt").asText()
                + "\",\"contractPin\":\"4321\",\"cardDigits\":\"" + digits + "\"}")).get("session").asText();
        HttpResponse<String> allowed = get(adminClient, adminSession);
        assertEquals(200, allowed.statusCode(), allowed.body());
        assertEquals(CONTRACT, json(allowed).get("contractId").asText());

        HttpClient userClient = client(userKeys, userCert);
        JsonNode userStep = json(post(userClient, "/logon/mtls", ""));
        String userSession = json(post(userClient, "/logon/second-step", "{\"attempt\":\"" + userStep.get("attempt").asText()
                + "\",\"userPin\":\"9876\"}")).get("session").asText();
        assertProblem(get(userClient, userSession), 403, "not-permitted");

        var early = new Account.Administrator("9999999999");
        bank.setSecret(early, SecretKind.CONFIRMATION_PASSWORD, "pass-B");
        bank.setSecret(early, SecretKind.CONTRACT_PIN, "1111");
        HttpClient anonymous = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(pki.clientContext(java.util.Optional.empty(), java.util.Optional.empty())).build();
        String passwordSession = json(post(anonymous, "/logon/password",
                "{\"contractId\":\"9999999999\",\"confirmationPassword\":\"pass-B\",\"contractPin\":\"1111\"}"))
                .get("session").asText();
        assertProblem(get(anonymous, passwordSession), 403, "not-permitted");
        assertProblem(TestServer.send(anonymous, HttpRequest.newBuilder(uri("/admin/contract")).GET().build()), 401,
                "session-invalid");
    }

    private void assertProblem(HttpResponse<String> response, int status, String code) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(code, mapper.readTree(response.body()).get("code").asText());
    }

    private HttpClient client(KeyPair keys, X509Certificate certificate) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(pki.clientContext(java.util.Optional.of(keys), java.util.Optional.of(certificate))).build();
    }

    private java.net.URI uri(String path) {
        return java.net.URI.create(server.origin() + path);
    }

    private HttpResponse<String> post(HttpClient client, String path, String body) throws Exception {
        return TestServer.send(client, HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> get(HttpClient client, String session) throws Exception {
        return TestServer.send(client, HttpRequest.newBuilder(uri("/admin/contract"))
                .header("Authorization", "Bearer " + session).GET().build());
    }

    private JsonNode json(HttpResponse<String> response) throws Exception {
        assertEquals(true, response.statusCode() < 300, response.body());
        return mapper.readTree(response.body());
    }
}

package keybound.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509KeyManager;
import keybound.server.fixture.BankFixture;
import keybound.bankapi.BankApi;
import keybound.bankapi.client.BankClient;
import keybound.server.api.Router;
import keybound.testkit.softhsm.SoftHsmExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every JSON endpoint of a whole bank, walked from the router's own list (a new endpoint is in it
 * without anyone adding it here), fed bodies that are not a JSON object: each is a 400 with a
 * specific code, answered before anything acts, and logs at most one line and never a stack trace.
 * The caller is authenticated as each endpoint requires (administrator session, operator key), so
 * the body is what is judged. A body over the limit, declared or chunked, is 413 {@code body-too-large}
 * on every one of them. Also: the back office's dates, and a body cut off by the client.
 */
@ExtendWith(SoftHsmExtension.class)
class EveryJsonEndpointTest {

    /** Routes that read no body: any body is ignored, never a failure. */
    private static final List<String> BODYLESS = List.of("/bank/crl", "/logon/challenge", "/logon/mtls", "/logoff");
    private static final List<String> NOT_AN_OBJECT = List.of("null", "[]", "[{}]", "42", "-1.5e300", "\"text\"", "true",
            "{\"a\":", "{} {}");

    @TempDir
    Path directory;

    private final ObjectMapper mapper = new ObjectMapper();
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private BankFixture bank;
    private X509KeyManager keyManager;
    private HttpClient administrator;
    private String session;

    @BeforeEach
    void open() {
        // the bank's requests here are many and quick: the per-address rates are another test's subject
        bank = BankFixture.open(directory, "limits.secret-requests-per-second=10000", "limits.secret-request-burst=10000",
                "limits.requests-per-second=10000", "limits.request-burst=10000");
        BankFixture.Administrator owner = bank.administrator();
        BankApi.OpenedContract contract = owner.contract();
        keyManager = owner.keyManager();
        BankClient admin = bank.client(keyManager);
        BankApi.SecondStep step = admin.logonWithCertificate();
        session = admin.completeWithCard(step.attempt(), contract.contractPin().copy(),
                BankStoryTest.cardDigits(contract.card(), step.cardCells())).session();
        administrator = fresh();
        originalErr = System.err;
        System.setErr(new PrintStream(new Tee(originalErr, logged), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void close() {
        System.setErr(originalErr);
        bank.close();
    }

    @Test
    void everyBodyThatIsNotAJsonObjectIs400OnEveryJsonEndpointWithAtMostOneLineLogged() throws Exception {
        SortedSet<String> paths = bank.server().router().posts(Router.JSON);
        assertTrue(paths.size() >= 20, "the whole API: " + paths);
        assertTrue(paths.containsAll(BODYLESS), paths.toString());
        List<String> walked = new ArrayList<>();
        for (String path : paths) {
            if (BODYLESS.contains(path)) {
                continue;
            }
            // the endpoint reads its body (so it is rightly not in BODYLESS): an unknown field is named
            assertRefused(path, "{\"zzUnknown\":1}", 400, "unknown-field");
            for (String body : NOT_AN_OBJECT) {
                assertRefused(path, body, 400, "malformed-json");
            }
            assertRefused(path, "", 400, "malformed-json");
            // on connections of their own: the server answers before reading the body, then closes them
            for (OversizedBody.Framing framing : OversizedBody.Framing.values()) {
                assertTooLarge(path, framing);
            }
            walked.add(path);
        }
        // the routes that read no body ignore one; logoff last, as it ends the session
        for (String path : BODYLESS) {
            for (String body : List.of("null", "[]", "42")) {
                HttpResponse<String> answer = post(path, body);
                assertTrue(answer.statusCode() < 500, path + " " + body + ": " + answer.statusCode() + " " + answer.body());
            }
        }
        assertTrue(walked.size() >= 16, walked.toString());
        assertFalse(logText().contains("\tat "), "no stack trace logged:\n" + logText());
    }

    @Test
    void backOfficeDatesThatAreNotAnEpochSecondInRangeAre400() throws Exception {
        String now = Long.toString(bank.now().getEpochSecond());
        for (String date : List.of("253402214400", "1000000000000000000", "-1", "-1000000000000000000", "0",
                "1.5", "1e18", "\"2026-01-01\"", "\"" + now + "\"", "[]", "{}", "true")) {
            HttpResponse<String> answer = post("/bank/contracts", "{\"bankCode\":\"" + BankFixture.BANK_CODE
                    + "\",\"applicationDate\":" + date + "}");
            assertEquals(400, answer.statusCode(), date + ": " + answer.body());
            JsonNode problem = mapper.readTree(answer.body());
            assertEquals("invalid-field", problem.get("code").asText(), date);
            assertTrue(problem.get("detail").asText().contains("applicationDate"), date + ": " + answer.body());
        }
        // a number no long holds is refused by the parser already
        HttpResponse<String> huge = post("/bank/contracts", "{\"bankCode\":\"" + BankFixture.BANK_CODE
                + "\",\"applicationDate\":99999999999999999999999}");
        assertEquals(400, huge.statusCode(), huge.body());
        assertEquals("malformed-json", mapper.readTree(huge.body()).get("code").asText());
        assertEquals(200, post("/bank/contracts", "{\"bankCode\":\"" + BankFixture.BANK_CODE + "\",\"applicationDate\":" + now
                + "}").statusCode(), "the same field in range is taken");
        assertFalse(logText().contains("\tat "), "no stack trace logged:\n" + logText());
    }

    @Test
    void aBodyCutOffByTheClientIsOneLogLineWithoutAStack() throws Exception {
        var factory = BankClient.tls(bank.issuer().caChain(), Optional.empty()).getSocketFactory();
        try (var socket = (SSLSocket) factory.createSocket("127.0.0.1", bank.server().port())) {
            socket.getOutputStream().write(("POST /acquire/administrator HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 4000\r\n\r\n{\"contractId\":\"12")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        }
        // the server logs once it notices; a bound so that a regression fails instead of hanging
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!logText().contains("request body not received") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(500); // anything the same failure would log after it
        List<String> lines = logText().lines().filter(line -> !line.isBlank()).toList();
        assertEquals(1, lines.stream().filter(line -> line.contains("request body not received")).count(), logText());
        assertTrue(lines.get(0).contains("/acquire/administrator"), logText());
        assertFalse(logText().contains("\tat ") || logText().contains("ERROR") || logText().contains("WARN"), logText());
    }

    /** Posts {@code body}, checks the problem and that the request logged at most one line and no stack. */
    private void assertRefused(String path, String body, int status, String code) throws Exception {
        assertRefused(administrator, path, body, status, code);
    }

    private void assertRefused(HttpClient client, String path, String body, int status, String code) throws Exception {
        int before = logText().length();
        HttpResponse<String> answer = post(client, path, body);
        String what = path + " " + (body.length() > 40 ? body.substring(0, 40) + "…" : body);
        assertEquals(status, answer.statusCode(), what + ": " + answer.body());
        assertEquals("application/problem+json", answer.headers().firstValue("content-type").orElseThrow(), what);
        assertEquals(code, mapper.readTree(answer.body()).get("code").asText(), what);
        String lines = logText().substring(before);
        assertTrue(lines.lines().count() <= 1 && !lines.contains("\tat "), what + " logged:\n" + lines);
    }

    /** A body over the limit, still being sent when the answer comes: 413 with its problem document, every time. */
    private void assertTooLarge(String path, OversizedBody.Framing framing) throws Exception {
        int before = logText().length();
        HttpResponse<String> answer = OversizedBody.post(fresh(), authorised(path, HttpRequest.newBuilder(
                bank.address().resolve(path.substring(1))).header("Content-Type", "application/json")), framing);
        String what = path + " " + framing;
        assertEquals(413, answer.statusCode(), what + ": " + answer.body());
        assertEquals("application/problem+json", answer.headers().firstValue("content-type").orElseThrow(), what);
        assertEquals("body-too-large", mapper.readTree(answer.body()).get("code").asText(), what);
        assertEquals("close", answer.headers().firstValue("connection").orElseThrow(), what);
        String lines = logText().substring(before);
        assertTrue(lines.lines().count() <= 1 && !lines.contains("\tat "), what + " logged:\n" + lines);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return post(administrator, path, body);
    }

    private HttpResponse<String> post(HttpClient client, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(bank.address().resolve(path.substring(1)))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return TestServer.send(client, authorised(path, request).build());
    }

    /** {@code request} with the credentials {@code path} asks for (administrator session, operator key). */
    private HttpRequest.Builder authorised(String path, HttpRequest.Builder request) {
        if (path.startsWith("/admin/") || path.equals("/logoff")) {
            request.header("Authorization", "Bearer " + session);
        } else if (path.startsWith("/bank/")) {
            request.header("Authorization", "Operator " + BankFixture.operatorKey());
        }
        return request;
    }

    /** A client of the administrator's, with connections of its own. */
    private HttpClient fresh() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(BankClient.tls(bank.issuer().caChain(), Optional.of(keyManager))).build();
    }

    private String logText() {
        synchronized (logged) {
            return logged.toString(StandardCharsets.UTF_8);
        }
    }

    /** Writes to the console as before and keeps a copy for the test. */
    private static final class Tee extends OutputStream {

        private final OutputStream console;
        private final ByteArrayOutputStream copy;

        Tee(OutputStream console, ByteArrayOutputStream copy) {
            this.console = console;
            this.copy = copy;
        }

        @Override
        public void write(int b) {
            synchronized (copy) {
                copy.write(b);
            }
            try {
                console.write(b);
            } catch (IOException e) {
                // the console is not the test's subject
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            synchronized (copy) {
                copy.write(bytes, offset, length);
            }
            try {
                console.write(bytes, offset, length);
            } catch (IOException e) {
                // the console is not the test's subject
            }
        }

        @Override
        public void flush() throws IOException {
            console.flush();
        }
    }
}

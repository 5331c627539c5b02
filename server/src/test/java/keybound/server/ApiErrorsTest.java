package keybound.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API's refusals over a real HTTPS socket: sizes, JSON, routes, and the problem document's shape. */
class ApiErrorsTest {

    @TempDir
    static Path directory;

    private static TestServer server;
    private static HttpClient client;
    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeAll
    static void start() {
        server = new TestServer(directory, ClientAuth.WANT);
        client = server.anonymousClient();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Asserts an RFC 9457 problem document with keybound's code, and nothing more. */
    private JsonNode assertProblem(HttpResponse<String> response, int status, String code) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("content-type").orElseThrow());
        JsonNode problem = mapper.readTree(response.body());
        assertEquals("urn:keybound:problem:" + code, problem.get("type").asText());
        assertEquals(status, problem.get("status").asInt());
        assertEquals(code, problem.get("code").asText());
        assertFalse(problem.get("title").asText().isBlank());
        assertFalse(problem.get("detail").asText().isBlank());
        List<String> fields = new java.util.ArrayList<>();
        for (Iterator<String> names = problem.fieldNames(); names.hasNext();) {
            fields.add(names.next());
        }
        assertEquals(List.of("type", "title", "status", "code", "detail"), fields);
        assertFalse(response.body().contains("Exception") || response.body().contains("at keybound")
                || response.body().contains("jetty"), "no stack trace or implementation detail");
        return problem;
    }

    @Test
    void oversizeBodyWithDeclaredLengthIs413() throws Exception {
        String big = "{\"contractId\":\"" + "1".repeat(4000) + "\"}";
        assertProblem(server.postJson(client, "/logon/password", big), 413, "body-too-large");
    }

    @Test
    void oversizeChunkedBodyIs413() throws Exception {
        byte[] big = ("{\"contractId\":\"" + "1".repeat(4000) + "\"}").getBytes();
        HttpRequest request = HttpRequest.newBuilder(server.uri("/logon/password")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
        assertProblem(TestServer.send(client, request), 413, "body-too-large");
    }

    @Test
    void malformedJsonIs400() throws Exception {
        assertProblem(server.postJson(client, "/logon/password", "{\"contractId\": "), 400, "malformed-json");
        assertProblem(server.postJson(client, "/logon/password", "[1,2]"), 400, "malformed-json");
        assertProblem(server.postJson(client, "/logon/password", "{} {}"), 400, "malformed-json");
        assertProblem(server.postJson(client, "/logon/password",
                "{\"contractId\":\"0123456789\",\"contractId\":\"9999999999\"}"), 400, "malformed-json");
    }

    @Test
    void nullAndOtherNonObjectBodiesAre400() throws Exception {
        for (String body : List.of("null", "\"text\"", "42", "true", "[]")) {
            assertProblem(server.postJson(client, "/logon/password", body), 400, "malformed-json");
            assertProblem(server.postJson(client, "/logon/second-step", body), 400, "malformed-json");
        }
    }

    @Test
    void unknownFieldIs400AndNamesTheField() throws Exception {
        JsonNode problem = assertProblem(server.postJson(client, "/logon/password",
                "{\"contractId\":\"0123456789\",\"isAdmin\":true}"), 400, "unknown-field");
        assertTrue(problem.get("detail").asText().contains("isAdmin"));
    }

    @Test
    void missingOrMistypedFieldIs400() throws Exception {
        assertProblem(server.postJson(client, "/logon/password", "{\"contractId\":\"0123456789\"}"), 400, "invalid-field");
        assertProblem(server.postJson(client, "/logon/password", "{\"contractId\":{\"a\":1}}"), 400, "invalid-field");
    }

    @Test
    void bodyThatIsNotJsonIs415() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.uri("/logon/password")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build();
        assertProblem(TestServer.send(client, request), 415, "unsupported-media-type");
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() throws Exception {
        assertProblem(server.get(client, "/no/such/thing"), 404, "not-found");
        HttpResponse<String> wrongMethod = server.get(client, "/logon/password");
        assertProblem(wrongMethod, 405, "method-not-allowed");
        assertEquals("POST", wrongMethod.headers().firstValue("allow").orElseThrow());
        HttpRequest post = HttpRequest.newBuilder(server.uri("/health")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        assertEquals("GET, HEAD", TestServer.send(client, post).headers().firstValue("allow").orElseThrow());
    }

    @Test
    void headIsAnsweredWhereGetIsWithoutTheBody() throws Exception {
        HttpResponse<String> get = server.get(client, "/health");
        HttpResponse<String> head = TestServer.send(client, HttpRequest.newBuilder(server.uri("/health"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals(get.headers().firstValue("content-type"), head.headers().firstValue("content-type"));
        assertEquals(String.valueOf(get.body().length()), head.headers().firstValue("content-length").orElseThrow());
    }

    @Test
    void sessionEndpointsWithoutASessionAre401() throws Exception {
        assertProblem(server.get(client, "/session"), 401, "session-invalid");
        HttpRequest forged = HttpRequest.newBuilder(server.uri("/session"))
                .header("Authorization", "Bearer " + "A".repeat(43)).GET().build();
        assertProblem(TestServer.send(client, forged), 401, "session-invalid");
        HttpRequest garbage = HttpRequest.newBuilder(server.uri("/session"))
                .header("Authorization", "Bearer ../../etc").GET().build();
        assertProblem(TestServer.send(client, garbage), 401, "session-invalid");
    }

    @Test
    void requestsJettyRefusesItselfAreProblemDocumentsToo() throws Exception {
        var factory = server.pki.clientContext(java.util.Optional.empty(), java.util.Optional.empty()).getSocketFactory();
        try (var socket = (javax.net.ssl.SSLSocket) factory.createSocket("127.0.0.1", server.server.port())) {
            socket.getOutputStream().write("GET /%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.toLowerCase().contains("content-type: application/problem+json"), answer);
            assertTrue(answer.contains("\"code\":\"bad-request\""), answer);
            assertFalse(answer.contains("<html") || answer.contains("Exception"), answer);
        }
    }

    @Test
    void noCacheHeadersOnAnswers() throws Exception {
        assertEquals("no-store", server.get(client, "/health").headers().firstValue("cache-control").orElseThrow());
    }
}

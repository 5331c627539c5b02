package keybound.bankapi.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A server on loopback that closes connections after reading the request without answering,
 * what a node stopping behind a balancer does to a request that arrives as it closes (and a killed
 * node to one it may have carried out): the client sends a request that is safe to repeat once
 * more on a new connection, and only once, and any other request not again.
 */
class ClosedConnectionRetryTest {

    @Test
    void aRequestWhoseConnectionClosesUnansweredIsSentOnceMore() throws Exception {
        try (var server = new ClosingServer(1)) {
            JsonNode answer = server.transport().repeatableJson("logon/challenge", Map.of("a", "b"), Optional.empty(), JsonNode.class);
            assertEquals("yes", answer.get("ok").asText());
            assertEquals(2, server.requests.get(), "the request went out twice: closed, then answered");
            assertTrue(server.lastBody.contains("\"a\":\"b\""), "the second attempt carries the same body: " + server.lastBody);
        }
    }

    @Test
    void aSecondClosedConnectionIsReportedNotRetriedAgain() throws Exception {
        try (var server = new ClosingServer(Integer.MAX_VALUE)) {
            var e = assertThrows(BankUnreachableException.class,
                    () -> server.transport().repeatableJson("logon/challenge", null, Optional.empty(), JsonNode.class));
            assertTrue(e.closedBeforeAnswer(), e::toString);
            assertEquals(2, server.requests.get(), "one retry, no more");
        }
    }

    @Test
    void aRequestNotSafeToRepeatIsSentOnce() throws Exception {
        try (var server = new ClosingServer(1)) {
            var e = assertThrows(BankUnreachableException.class,
                    () -> server.transport().json("POST", "admin/users/register", Map.of("a", "b"), Optional.empty(), JsonNode.class));
            assertTrue(e.closedBeforeAnswer(), e::toString);
            assertEquals(1, server.requests.get(), "a killed node may have carried it out: not sent again");
        }
    }

    @Test
    void aReadIsSentOnceMore() throws Exception {
        try (var server = new ClosingServer(1)) {
            assertEquals("yes", server.transport().json("GET", "health", null, Optional.empty(), JsonNode.class).get("ok").asText());
            assertEquals(2, server.requests.get());
        }
    }

    @Test
    void aRefusedConnectionIsNotAClosedOne() throws Exception {
        int port;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        var transport = new ApiTransport(HttpClient.newHttpClient(), URI.create("http://127.0.0.1:" + port + "/"), Duration.ofSeconds(5));
        var e = assertThrows(BankUnreachableException.class,
                () -> transport.json("GET", "health", null, Optional.empty(), JsonNode.class));
        assertEquals(BankUnreachableException.Reason.NO_ANSWER, e.reason());
        assertTrue(!e.closedBeforeAnswer());
    }

    /** Reads each request whole; closes the first {@code closing} connections unanswered, answers the rest. */
    private static final class ClosingServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger requests = new AtomicInteger();
        private volatile String lastBody = "";
        private final Thread thread;

        ClosingServer(int closing) throws IOException {
            thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket connection = socket.accept()) {
                        lastBody = readRequest(connection.getInputStream());
                        if (requests.incrementAndGet() > closing) {
                            byte[] body = "{\"ok\":\"yes\"}".getBytes(StandardCharsets.US_ASCII);
                            OutputStream out = connection.getOutputStream();
                            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                            out.write(body);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // the socket was closed: the test is over
                    }
                }
            }, "closing-server");
            thread.start();
        }

        ApiTransport transport() {
            return new ApiTransport(HttpClient.newHttpClient(), URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/"),
                    Duration.ofSeconds(10));
        }

        /** The request's headers and its body (by Content-Length). */
        private static String readRequest(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return head.toString();
                }
                head.append((char) b);
            }
            int length = 0;
            for (String line : head.toString().split("\r\n", -1)) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring("content-length:".length()).trim());
                }
            }
            return new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}

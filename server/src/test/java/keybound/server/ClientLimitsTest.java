package keybound.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-address limits over real TLS on loopback: one address over its connection limit or its
 * request rates is refused, while another address (127.0.0.2, also loopback on Linux) and the
 * health probes still get answers.
 */
class ClientLimitsTest {

    private static final InetAddress FIRST = address("127.0.0.1");
    private static final InetAddress OTHER = address("127.0.0.2");

    @TempDir
    Path directory;

    private TestServer server;
    private final List<SSLSocket> sockets = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (SSLSocket socket : sockets) {
            socket.close();
        }
        server.close();
    }

    @Test
    void connectionsOverTheLimitOfOneAddressAreClosedWhileOthersAreServed() throws Exception {
        server = new TestServer(directory, ClientAuth.WANT, "limits.connections-per-address=5");
        SSLSocketFactory factory = factory();
        for (int i = 0; i < 5; i++) {
            SSLSocket socket = connect(factory, FIRST);
            socket.startHandshake();
        }
        SSLSocket sixth = connect(factory, FIRST);
        assertThrows(IOException.class, () -> {
            sixth.startHandshake();
            exchange(sixth, "GET /health HTTP/1.1\r\nHost: bank\r\nConnection: close\r\n\r\n");
            // Closed before or during the handshake, or an empty answer: never served.
            throw new IOException("answered nothing");
        });

        assertTrue(health(factory, OTHER).startsWith("HTTP/1.1 200"), "another address is served");

        sockets.remove(0).close();
        String again = awaitHealth(factory, FIRST);
        assertTrue(again.startsWith("HTTP/1.1 200"), "a closed connection frees its place: " + again);
    }

    @Test
    void requestsOverTheRateOfOneAddressGet429WithRetryAfterAndHealthStillAnswers() throws Exception {
        server = new TestServer(directory, ClientAuth.WANT, "limits.requests-per-second=1", "limits.request-burst=5");
        HttpClient client = server.anonymousClient();
        // Sent one after another until ten are refused: however slowly a loaded machine sends them,
        // no more may be served than the burst and what drained meanwhile.
        int served = 0;
        int refused = 0;
        long started = System.nanoTime();
        while (refused < 10 && served + refused < 200) {
            HttpResponse<String> answer = server.get(client, "/session");
            if (answer.statusCode() == 429) {
                refused++;
                assertEquals(Optional.of("1"), answer.headers().firstValue("Retry-After"));
                assertTrue(answer.body().contains("\"code\":\"too-many-requests\""), answer.body());
            } else {
                assertEquals(401, answer.statusCode(), answer.body());
                served++;
            }
        }
        long allowed = allowedSince(started, 5, 1);
        assertEquals(10, refused, "requests against 1/s with a burst of 5 are refused; served " + served);
        assertTrue(served <= allowed, "1/s with a burst of 5: " + served + " served, at most " + allowed
                + " may be in the time they took");
        for (int i = 0; i < 10; i++) {
            assertEquals(200, server.get(client, "/health").statusCode(), "health is not rate-limited");
        }
        assertTrue(health(factory(), OTHER).startsWith("HTTP/1.1 200"));
    }

    @Test
    void requestsThatCheckSecretsHaveANarrowerRateOfTheirOwn() throws Exception {
        server = new TestServer(directory, ClientAuth.WANT, "limits.secret-requests-per-second=1",
                "limits.secret-request-burst=3");
        HttpClient client = server.anonymousClient();
        int served = 0;
        int refused = 0;
        long started = System.nanoTime();
        while (refused < 6 && served + refused < 100) {
            HttpResponse<String> answer = server.postJson(client, "/logon/password",
                    "{\"contractId\":\"1234567890\",\"password\":\"wrong-password\"}");
            if (answer.statusCode() == 429) {
                refused++;
            } else {
                served++;
            }
        }
        long allowed = allowedSince(started, 3, 1);
        assertEquals(6, refused, "password attempts against 1/s with a burst of 3 are refused; served " + served);
        assertTrue(served <= allowed, "password attempts at 1/s with a burst of 3: " + served + " served, at most "
                + allowed + " may be in the time they took");
        assertEquals(401, server.get(client, "/session").statusCode(), "other requests keep their own, wider rate");
    }

    /**
     * The most requests a leaking bucket of {@code burst} draining {@code perSecond} lets through
     * since {@code started}: the burst, and what drained in the time the requests took. A bound from
     * the time measured, not a fixed count, so that a loaded machine sending slowly does not fail it.
     */
    private static long allowedSince(long started, int burst, int perSecond) {
        return burst + (System.nanoTime() - started) * perSecond / 1_000_000_000L;
    }

    private SSLSocketFactory factory() {
        return server.pki.clientContext(Optional.empty(), Optional.empty()).getSocketFactory();
    }

    private SSLSocket connect(SSLSocketFactory factory, InetAddress from) throws IOException {
        var socket = (SSLSocket) factory.createSocket(FIRST, server.server.port(), from, 0);
        socket.setSoTimeout(20_000); // a regression fails instead of hanging; not a speed target
        sockets.add(socket);
        return socket;
    }

    private String health(SSLSocketFactory factory, InetAddress from) throws IOException {
        return exchange(connect(factory, from), "GET /health HTTP/1.1\r\nHost: bank\r\nConnection: close\r\n\r\n");
    }

    /** The server notices a closed connection asynchronously: asks until a generous deadline (not a speed target). */
    private String awaitHealth(SSLSocketFactory factory, InetAddress from) throws Exception {
        IOException last = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                String answer = health(factory, from);
                if (!answer.isEmpty()) {
                    return answer;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no answer from " + from, last);
    }

    private static String exchange(SSLSocket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (answer.isEmpty()) {
            throw new IOException("the connection closed without an answer");
        }
        return answer;
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

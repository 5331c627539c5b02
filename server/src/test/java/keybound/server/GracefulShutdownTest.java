package keybound.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import keybound.server.api.ApiResponse;
import keybound.server.api.Router;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping lets the request in flight finish, refuses new work, then closes the port. */
class GracefulShutdownTest {

    @TempDir
    Path directory;

    @Test
    void requestInFlightCompletesWhileNewConnectionsAreRefused() throws Exception {
        var pki = new TestPki(directory);
        ServerConfig config = pki.serverConfig(directory, "shutdown.grace-seconds=60");
        var entered = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        BankServer server = BankServer.start(config, origin -> new Router().get("/slow", request -> {
            entered.countDown();
            awaitQuietly(release);
            return ApiResponse.ok(Map.of("done", true));
        }));
        int port = server.port();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(pki.clientContext(Optional.empty(), Optional.empty())).build();
        CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                HttpRequest.newBuilder(URI.create(server.origin() + "/slow")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        entered.await();

        Thread stopper = new Thread(server::close, "stopper");
        stopper.start();
        // Shutdown has begun once the listening socket stops taking connections.
        while (accepts(port)) {
            Thread.sleep(10);
        }
        release.countDown();
        HttpResponse<String> finished = inFlight.get();
        assertEquals(200, finished.statusCode());
        assertEquals("{\"done\":true}", finished.body());
        stopper.join();
        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close());
        assertFalse(stopper.isAlive());
    }

    /**
     * With a drain time, a stop first makes readiness answer 503 and closes each connection after
     * its response, while requests are still served; the stop ends once the drain is cut short.
     */
    @Test
    void drainingAnswersNotReadyAndClosesConnectionsWhileStillServing() throws Exception {
        var pki = new TestPki(directory);
        ServerConfig config = pki.serverConfig(directory, "shutdown.drain-seconds=3600");
        BankServer server = BankServer.start(config, origin -> new Router()
                .get("/health/ready", request -> ApiResponse.ok(Map.of("status", "ready")))
                .get("/work", request -> ApiResponse.ok(Map.of("done", true))));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(pki.clientContext(Optional.empty(), Optional.empty())).build();
        int port = server.port();
        HttpResponse<String> before = get(client, server, "/work");
        assertEquals(Optional.empty(), before.headers().firstValue("connection"));

        Thread stopper = new Thread(server::close, "stopper");
        stopper.start();
        HttpResponse<String> ready = get(client, server, "/health/ready");
        while (ready.statusCode() == 200) { // until the stop has begun
            Thread.sleep(10);
            ready = get(client, server, "/health/ready");
        }
        assertEquals(503, ready.statusCode());
        assertEquals("{\"status\":\"not-ready\",\"checks\":{\"node\":\"draining\"}}", ready.body());
        HttpResponse<String> during = get(client, server, "/work");
        assertEquals(200, during.statusCode(), "still serving while draining");
        assertEquals(Optional.of("close"), during.headers().firstValue("connection"));
        assertTrue(accepts(port), "the listener stays open while draining");

        stopper.interrupt(); // cuts the hour-long drain short
        stopper.join();
        assertFalse(accepts(port));
    }

    private static HttpResponse<String> get(HttpClient client, BankServer server, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(server.origin() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static boolean accepts(int port) {
        try {
            new Socket(InetAddress.getLoopbackAddress(), port).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

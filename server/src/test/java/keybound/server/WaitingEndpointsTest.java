package keybound.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import keybound.server.api.ApiResponse;
import keybound.server.api.Router;
import org.eclipse.jetty.util.thread.Invocable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The handlers are non-blocking to Jetty, so the thread reading connections also runs handshakes
 * and parsing; an endpoint that waits (on the registry or the token) must not hold that thread.
 */
class WaitingEndpointsTest {

    /** More than the bank server's selector threads on any machine (half the cores, at most 16). */
    private static final int WAITING = 20;

    @TempDir
    Path directory;

    @Test
    void endpointsWaitingOnWorkersLeaveNewConnectionsServed() throws Exception {
        var pki = new TestPki(directory);
        ServerConfig config = pki.serverConfig(directory, "shutdown.grace-seconds=5");
        var entered = new CountDownLatch(WAITING);
        var release = new CountDownLatch(1);
        BankServer server = BankServer.start(config, origin -> new Router()
                .get("/waits", request -> {
                    entered.countDown();
                    await(release);
                    return ApiResponse.ok(Map.of("waited", true));
                })
                .get("/answers", request -> ApiResponse.ok(Map.of("answered", true))));
        try {
            assertEquals(Invocable.InvocationType.NON_BLOCKING, server.invocationType());
            List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
            for (int i = 0; i < WAITING; i++) {
                // a client each: a connection (and a handshake) each
                waiting.add(client(pki).sendAsync(get(server, "/waits"), HttpResponse.BodyHandlers.ofString()));
            }
            assertTrue(entered.await(30, TimeUnit.SECONDS), "a waiting endpoint held up the connections behind it");

            HttpResponse<String> answered = client(pki).sendAsync(get(server, "/answers"), HttpResponse.BodyHandlers.ofString())
                    .get(30, TimeUnit.SECONDS);
            assertEquals(200, answered.statusCode());
            assertEquals("{\"answered\":true}", answered.body());

            release.countDown();
            for (var response : waiting) {
                assertEquals("{\"waited\":true}", response.get(30, TimeUnit.SECONDS).body());
            }
        } finally {
            release.countDown(); // before the stop, which waits for the requests in flight
            server.close();
        }
    }

    private static HttpClient client(TestPki pki) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(pki.clientContext(Optional.empty(), Optional.empty())).build();
    }

    private static HttpRequest get(BankServer server, String path) {
        return HttpRequest.newBuilder(URI.create(server.origin() + path)).GET().build();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package keybound.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import keybound.server.fixture.BankFixture;
import keybound.server.fixture.Registry;
import keybound.testkit.postgres.PostgresServer;
import keybound.testkit.softhsm.SoftHsmExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /health/ready} over real HTTPS follows a real PostgreSQL (a cluster of this test's own):
 * 503 naming the database while it is stopped, 200 again once it is back, without a restart of
 * the node; {@code /health/live} and {@code /health} stay 200 throughout.
 */
@ExtendWith(SoftHsmExtension.class)
class ReadinessTest {

    @TempDir
    Path directory;

    private PostgresServer postgres;
    private BankFixture bank;

    @AfterEach
    void stop() {
        if (bank != null) {
            bank.close();
        }
        if (postgres != null) {
            postgres.stop();
        }
    }

    @Test
    void readyFollowsTheDatabaseWhileLiveStaysUp() throws Exception {
        postgres = PostgresServer.start(Path.of("target"));
        String url = postgres.createDatabase("ready");
        bank = BankFixture.open(directory, Registry.POSTGRESQL, url, Instant.now());
        HttpClient client = client();

        var ready = get(client, "/health/ready");
        assertEquals(200, ready.statusCode());
        assertEquals("{\"status\":\"ready\",\"checks\":{\"ca-token\":\"up\",\"database\":\"up\"}}", ready.body());

        postgres.halt();
        var down = get(client, "/health/ready");
        assertEquals(503, down.statusCode());
        assertEquals("{\"status\":\"not-ready\",\"checks\":{\"ca-token\":\"up\",\"database\":\"down\"}}", down.body());
        assertEquals(200, get(client, "/health/live").statusCode());
        assertEquals(200, get(client, "/health").statusCode());

        postgres.resume();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        int status = get(client, "/health/ready").statusCode();
        while (status != 200 && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            status = get(client, "/health/ready").statusCode();
        }
        assertEquals(200, status, "ready again once the database is back, without restarting the node");
        assertTrue(bank.anonymous().crl() != null, "and the registry serves requests again");
    }

    private HttpResponse<String> get(HttpClient client, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(bank.server().origin() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpClient client() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("bank-ca", bank.issuer().caChain().get(bank.issuer().caChain().size() - 1));
        var trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trustManagers.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
    }
}

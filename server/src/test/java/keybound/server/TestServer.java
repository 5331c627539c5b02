package keybound.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLParameters;
import keybound.logon.testing.InMemoryBank;
import keybound.testkit.clock.MutableClock;

/**
 * A real bank server on a loopback ephemeral port, configured through a properties file plus an
 * environment override, over an {@link InMemoryBank}; and HTTP clients for it.
 */
final class TestServer implements AutoCloseable {

    final TestPki pki;
    final MutableClock clock = MutableClock.atNow();
    final InMemoryBank bank = new InMemoryBank(3, clock);
    final ServerConfig config;
    final BankServer server;

    TestServer(Path directory, ClientAuth clientAuth, String... settings) {
        pki = new TestPki(directory);
        config = ConfigSource.load(writeConfig(directory, clientAuth, settings), Map.of("KEYBOUND_LISTEN_PORT", "0"));
        server = BankApplication.start(config, bank.ports(), clock);
    }

    /** The test's configuration; {@code settings} ({@code key=value}) come last and win. */
    private Path writeConfig(Path directory, ClientAuth clientAuth, String... settings) {
        String properties = String.join("\n",
                "listen.host=127.0.0.1",
                "listen.port=8443",
                "data.dir=" + directory.resolve("data"),
                "tls.keystore.path=" + pki.keystore,
                "tls.keystore.password=" + new String(TestPki.STORE_PASSWORD),
                "tls.truststore.path=" + pki.truststore,
                "tls.truststore.password=" + new String(TestPki.STORE_PASSWORD),
                "tls.client-auth=" + clientAuth.name().toLowerCase(Locale.ROOT),
                "http.max-body-bytes=2048",
                "shutdown.grace-seconds=20",
                // Tests move the clock past expiries and expect "expired", not an entry the purge already took.
                "logon.purge-seconds=86400", String.join("\n", settings));
        try {
            return Files.writeString(directory.resolve("server.properties"), properties);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI uri(String path) {
        return URI.create(server.origin() + path);
    }

    /** A client that presents no certificate. */
    HttpClient anonymousClient() {
        return client(Optional.empty(), Optional.empty(), null);
    }

    /** A client that presents {@code certificate}, signing with {@code keys}. */
    HttpClient clientWith(KeyPair keys, X509Certificate certificate) {
        return client(Optional.of(keys), Optional.of(certificate), null);
    }

    HttpClient client(Optional<KeyPair> keys, Optional<X509Certificate> certificate, String protocol) {
        var builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(pki.clientContext(keys, certificate));
        if (protocol != null) {
            builder.sslParameters(new SSLParameters(null, new String[] {protocol}));
        }
        return builder.build();
    }

    static HttpResponse<String> send(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(HttpClient client, String path) throws IOException, InterruptedException {
        return send(client, HttpRequest.newBuilder(uri(path)).GET().build());
    }

    HttpResponse<String> postJson(HttpClient client, String path, String json) throws IOException, InterruptedException {
        return send(client, HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    @Override
    public void close() {
        server.close();
    }
}

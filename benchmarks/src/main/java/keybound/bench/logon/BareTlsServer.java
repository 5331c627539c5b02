package keybound.bench.logon;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import javax.net.ssl.SSLParameters;
import keybound.bankapi.client.BankClient;
import keybound.server.BankServer;
import keybound.server.ServerConfig;
import keybound.token.jca.TokenKeyManager;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The stack's own limit: a Jetty server on the bank server's own connector
 * ({@link BankServer#connector}: the same TLS settings, key store, trust store, client-certificate
 * demand and selector threads; in the same JVM, so with the same ECDSA provider) and a handler
 * that answers {@code 200 ok} and does nothing else. Its clients make the bank client's
 * connection (the same SSL context and parameters, a new client per request, so a full mutual
 * handshake with the user's key on its token each time) and one GET.
 */
final class BareTlsServer implements AutoCloseable {

    /** Its thread pool's name, for measuring its CPU apart from the bank server's. */
    static final String THREADS = "bare-tls";

    private final Server jetty;
    private final URI base;

    BareTlsServer(ServerConfig config) throws Exception {
        var threads = new QueuedThreadPool(64, 4);
        threads.setName(THREADS);
        jetty = new Server(threads);
        ServerConnector connector = BankServer.connector(jetty, config.withListenPort(0));
        connector.setHost("127.0.0.1");
        jetty.addConnector(connector);
        jetty.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                // Reads the client certificate as the bank's handler does; answers 401 without one.
                if (!(request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData ssl)
                        || ssl.peerCertificates() == null || ssl.peerCertificates().length == 0) {
                    response.setStatus(401);
                }
                Content.Sink.write(response, true, "ok", callback);
                return true;
            }
        });
        jetty.start();
        base = URI.create("https://127.0.0.1:" + connector.getLocalPort() + "/bare");
    }

    URI base() {
        return base;
    }

    /** One request per call on a new connection, presenting the user's certificate from its token. */
    IntFunction<LogonLoad.Request> requests(BenchBank bank) {
        return requests(base, bank.endpoint());
    }

    /**
     * The same against a bare server at {@code base} wherever it runs, with the users and CA chain of
     * {@code bank} (the bare server presents that bank's TLS certificate).
     */
    static IntFunction<LogonLoad.Request> requests(URI base, BankEndpoint bank) {
        return c -> {
            BenchBank.BenchUser user = bank.users().get(c);
            var keys = new TokenKeyManager(user.session(), List.of());
            SSLParameters parameters = new SSLParameters();
            parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            HttpRequest get = HttpRequest.newBuilder(base).timeout(Duration.ofSeconds(30)).build();
            return () -> {
                HttpClient client = HttpClient.newBuilder().sslContext(BankClient.tls(bank.caChain(), Optional.of(keys)))
                        .sslParameters(parameters).version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10)).build();
                HttpResponse<String> answer = client.send(get, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    throw new IllegalStateException("bare TLS server answered " + answer.statusCode());
                }
            };
        };
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the bare TLS server", e);
        }
    }
}

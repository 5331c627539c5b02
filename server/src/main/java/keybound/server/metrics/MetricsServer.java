package keybound.server.metrics;

import java.nio.charset.StandardCharsets;
import keybound.server.ServerStartException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * {@code GET /metrics} in Prometheus text format, over plain HTTP on a loopback address only, on
 * its own port and threads: nothing of the bank's API is reachable here, and a scraper on
 * another machine reaches it through whatever the operator puts in front (an agent on the
 * host, an SSH tunnel). Counters hold no account, certificate or secret.
 */
public final class MetricsServer implements AutoCloseable {

    /** Prometheus text exposition format 0.0.4. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Server jetty;
    private final ServerConnector connector;

    private MetricsServer(Server jetty, ServerConnector connector) {
        this.jetty = jetty;
        this.connector = connector;
    }

    /** Serves {@code metrics} on {@code 127.0.0.1:port} (0: a free port). */
    public static MetricsServer start(PrometheusMetrics metrics, int port) {
        var threads = new QueuedThreadPool(4, 1);
        threads.setName("bank-metrics");
        var jetty = new Server(threads);
        var connector = new ServerConnector(jetty, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        jetty.addConnector(connector);
        jetty.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (!"/metrics".equals(Request.getPathInContext(request)) || !"GET".equals(request.getMethod())) {
                    response.setStatus(HttpStatus.NOT_FOUND_404);
                    callback.succeeded();
                    return true;
                }
                response.setStatus(HttpStatus.OK_200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
                response.write(true, StandardCharsets.UTF_8.encode(metrics.scrape()), callback);
                return true;
            }
        });
        try {
            jetty.start();
        } catch (Exception e) {
            try {
                jetty.stop();
            } catch (Exception ignored) {
                // Already failing to start; that is what gets reported.
            }
            throw new ServerStartException("cannot start the metrics listener on 127.0.0.1:" + port, e);
        }
        return new MetricsServer(jetty, connector);
    }

    /** The port actually bound. */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the metrics listener did not stop cleanly", e);
        }
    }
}

package keybound.server;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import keybound.server.api.ApiHandler;
import keybound.server.api.JsonCodec;
import keybound.server.api.ProblemErrorHandler;
import keybound.server.api.Router;
import keybound.server.api.TooManyRequests;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.DoSHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bank's HTTPS server: one TLS connector (TLS 1.3 and 1.2 only) on Jetty's core API, the
 * API handler behind a graceful-shutdown handler. The socket is bound before the routes are
 * built, so the routes can know the server's real origin even on an ephemeral port.
 */
public final class BankServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BankServer.class);
    /** Addresses the rate limits follow at once; beyond, new addresses are refused until trackers expire. */
    private static final int TRACKED_ADDRESSES = 100_000;
    /** The pool: the selector threads, and the workers that run endpoints and pages. */
    private static final int THREADS = 64;

    private final Server jetty;
    private final ServerConnector connector;
    private final String origin;
    private final GracefulHandler graceful;
    private final DrainingHandler draining;
    private final Duration drain;
    private final Router router;
    private final List<AutoCloseable> companions = new CopyOnWriteArrayList<>();

    private BankServer(Server jetty, ServerConnector connector, String origin, GracefulHandler graceful,
            DrainingHandler draining, Duration drain, Router router) {
        this.jetty = jetty;
        this.connector = connector;
        this.origin = origin;
        this.graceful = graceful;
        this.draining = draining;
        this.drain = drain;
        this.router = router;
    }

    /**
     * Binds, builds the routes for the bound origin, and starts serving.
     *
     * @param routes builds the API's routes given the origin clients will sign challenges for
     * @throws ServerStartException the socket cannot be bound or TLS cannot be set up
     */
    public static BankServer start(ServerConfig config, Function<String, Router> routes) {
        Objects.requireNonNull(config, "config");
        var threads = new QueuedThreadPool(THREADS, 4);
        threads.setName("bank-server");
        Server jetty = new Server(threads);
        jetty.setStopTimeout(config.shutdown().grace().toMillis());
        jetty.setStopAtShutdown(false);
        try {
            // inside: a key or trust store that cannot be opened is a start failure like a port in use
            ServerConnector connector = connector(jetty, config);
            jetty.addConnector(connector);
            jetty.addBean(new NetworkConnectionLimit(config.limits().connections(), connector));
            connector.addBean(new ConnectionsPerAddress(config.limits().connectionsPerAddress()));
            connector.open();
            String origin = config.withListenPort(connector.getLocalPort()).effectiveOrigin();
            Router router = routes.apply(origin);
            var api = new ApiHandler(router, new JsonCodec(), config.maxBodyBytes());
            var draining = new DrainingHandler(rateLimited(router.serving(api), config.limits()));
            var graceful = new GracefulHandler(draining);
            jetty.setHandler(graceful);
            jetty.setErrorHandler(new ProblemErrorHandler());
            jetty.start();
            // The operator's start line, with version, registry and token, is BankAssembly's.
            LOG.debug("bank server listening on {}:{} for {} (client certificates: {})", config.listenHost(),
                    connector.getLocalPort(), origin, config.clientAuth());
            return new BankServer(jetty, connector, origin, graceful, draining, config.shutdown().drain(), router);
        } catch (Exception e) {
            stopQuietly(jetty);
            throw new ServerStartException("cannot start the bank server on " + config.listenHost() + ":"
                    + config.listenPort(), e);
        }
    }

    /** The port actually bound. */
    public int port() {
        return connector.getLocalPort();
    }

    /** The API's routes as served. */
    public Router router() {
        return router;
    }

    /**
     * How Jetty may call the handlers: {@code NON_BLOCKING} while every handler hands its blocking
     * work to the workers ({@code Workers}), so connections are read without a thread hand-off.
     */
    Invocable.InvocationType invocationType() {
        return jetty.getInvocationType();
    }

    /** The origin clients sign challenges for. */
    public String origin() {
        return origin;
    }

    /** Has {@code companion} (e.g. the purge schedule) closed when the server stops, after the requests in flight. */
    void closeWith(AutoCloseable companion) {
        companions.add(Objects.requireNonNull(companion, "companion"));
    }

    /**
     * Stops gracefully: drains for the configured time (not ready, connections closed after each
     * response), stops accepting, lets requests in flight finish within the configured grace
     * period, then closes, and then closes its companions. Idempotent.
     */
    @Override
    public void close() {
        if (jetty.isStopped()) {
            return;
        }
        drain();
        int port = port();
        long inFlight = graceful.getCurrentRequestCount();
        long started = System.nanoTime();
        try {
            jetty.stop();
            long cutOff = graceful.getCurrentRequestCount();
            LOG.info("bank server on port {} stopped {} in {} ms: {} request(s) in flight finished{}", port,
                    cutOff == 0 ? "gracefully" : "at the end of its grace period", (System.nanoTime() - started) / 1_000_000,
                    inFlight - cutOff, cutOff == 0 ? "" : ", " + cutOff + " cut off");
        } catch (Exception e) {
            LOG.warn("bank server did not stop cleanly", e);
        }
        for (AutoCloseable companion : companions) {
            try {
                companion.close();
            } catch (Exception e) {
                LOG.warn("could not stop {}", companion.getClass().getSimpleName(), e);
            }
        }
    }

    private void drain() {
        if (drain.isZero()) {
            return;
        }
        draining.drain();
        LOG.info("bank server draining for {} s: not ready, still serving", drain.toSeconds());
        try {
            Thread.sleep(drain.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stop at once: whoever interrupts wants it over
        }
    }

    /**
     * The bank's TLS connector on {@code jetty}, as configured; also what the benchmark's bare
     * server listens on. Its handlers being non-blocking, each selector thread runs the TLS
     * handshakes of its connections itself, hence {@link #selectors}.
     */
    public static ServerConnector connector(Server jetty, ServerConfig config) {
        var http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        var secure = new SecureRequestCustomizer();
        // Clients reach a loopback server by IP; the certificate's names are checked by the client.
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        var tls = new SslConnectionFactory(TlsContexts.server(config), "http/1.1");
        var connector = new ServerConnector(jetty, -1, selectors(), tls, new HttpConnectionFactory(http));
        connector.setHost(config.listenHost());
        connector.setPort(config.listenPort());
        return connector;
    }

    /**
     * Half the cores, as Jetty's default, but not capped by the pool's size as Jetty's is (at 4 for
     * {@value #THREADS} threads): the handshakes, most of a logon's work, then get half of any
     * machine and the endpoints the rest. One per core measured no better on 2 cores
     * (docs/benchmarks.md, fifth pass). At most a quarter of the pool.
     */
    private static int selectors() {
        return Math.max(1, Math.min(Runtime.getRuntime().availableProcessors() / 2, THREADS / 4));
    }

    /**
     * Two leaking buckets per client address (Jetty's {@code DoSHandler}): one for every request
     * but the health probes, a narrower one for requests that check a secret or key, so one
     * address cannot keep the bounded secret checks to itself. Over either: 429 at once.
     */
    private static Handler rateLimited(Handler served, ClientLimits limits) {
        var secrets = new DoSHandler(served, DoSHandler.ID_FROM_REMOTE_ADDRESS,
                new DoSHandler.LeakingBucketTrackerFactory(limits.secretRequestsPerSecond(), limits.secretRequestBurst(),
                        Duration.ZERO), new TooManyRequests(), TRACKED_ADDRESSES);
        secrets.include(request -> "POST".equals(request.getMethod()) && checksSecrets(Request.getPathInContext(request)));
        var all = new DoSHandler(secrets, DoSHandler.ID_FROM_REMOTE_ADDRESS,
                new DoSHandler.LeakingBucketTrackerFactory(limits.requestsPerSecond(), limits.requestBurst(), Duration.ZERO),
                new TooManyRequests(), TRACKED_ADDRESSES);
        all.exclude(request -> Request.getPathInContext(request).startsWith("/health"));
        return all;
    }

    /** The POSTs that check a secret or an operator key, in the API and in the web pages. */
    static boolean checksSecrets(String path) {
        return path.startsWith("/acquire/") || path.equals("/renew") || path.equals("/logon/second-step")
                || path.equals("/logon/user") || path.equals("/logon/password") || path.startsWith("/admin/")
                || path.startsWith("/bank/") || path.startsWith("/web/");
    }

    private static void stopQuietly(Server jetty) {
        try {
            jetty.stop();
        } catch (Exception ignored) {
            // Already failing to start; the start failure is what gets reported.
        }
    }
}

package keybound.server.revocation;

import java.time.Clock;
import java.time.Duration;
import keybound.issuer.Issuer;
import keybound.server.ServerStartException;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plain-HTTP listener for revocation data: its own Jetty server, port and few threads, so it
 * shares nothing with the HTTPS API (no routes, no sessions, no cookies) and a flood of CRL
 * downloads cannot take the API's workers. Plain HTTP because RFC 5280 §4.2.1.13 and §4.2.2.1
 * practice is {@code http} URIs for CRLs, OCSP and caIssuers: relying parties fetch them
 * without TLS (whose own checks would need revocation data first), and everything served is signed.
 */
public final class RevocationListener implements AutoCloseable {

    /** The issuing CA's CRL (DER). */
    public static final String CRL_PATH = "/crl";
    /** The root's CRL, covering the issuing CA. */
    public static final String ROOT_CRL_PATH = "/root.crl";
    /** OCSP: POST, or GET with the request in the path below it. */
    public static final String OCSP_PATH = "/ocsp";
    /** The certificate of the CA that issues customer certificates (AIA caIssuers). */
    public static final String CA_CERTIFICATE_PATH = "/ca.cer";
    /** The root's certificate. */
    public static final String ROOT_CERTIFICATE_PATH = "/root.cer";
    private static final Logger LOG = LoggerFactory.getLogger(RevocationListener.class);
    private static final int MAX_THREADS = 16;
    /** Relying parties fetch and go: an idle connection is closed sooner than the API's 30 s. */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);

    private final Server jetty;
    private final ServerConnector connector;

    private RevocationListener(Server jetty, ServerConnector connector) {
        this.jetty = jetty;
        this.connector = connector;
    }

    /**
     * Binds {@code host}:{@code port} (0: a free port) and serves {@code issuer}'s CRLs, OCSP and CA certificates.
     *
     * @throws ServerStartException the port cannot be bound
     */
    public static RevocationListener start(String host, int port, Issuer issuer, Clock clock, Duration stopGrace) {
        var threads = new QueuedThreadPool(MAX_THREADS, 2);
        threads.setName("revocation-http");
        Server jetty = new Server(threads);
        jetty.setStopTimeout(stopGrace.toMillis());
        jetty.setStopAtShutdown(false);
        var http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // An OCSP GET carries base64 in the path: '/' and "%2F" inside it are data, not path separators.
        http.setUriCompliance(UriCompliance.UNSAFE);
        var connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        jetty.addConnector(connector);
        jetty.setHandler(new RevocationHandler(issuer, clock));
        try {
            jetty.start();
        } catch (Exception e) {
            try {
                jetty.stop();
            } catch (Exception ignored) {
                // already failing; the start failure is what gets reported
            }
            throw new ServerStartException("cannot start the revocation listener on " + host + ":" + port, e);
        }
        LOG.info("revocation data (CRL, OCSP, CA certificates) over plain HTTP on {}:{}", host, connector.getLocalPort());
        return new RevocationListener(jetty, connector);
    }

    /** The port actually bound. */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        if (jetty.isStopped()) {
            return;
        }
        try {
            jetty.stop();
            LOG.info("revocation listener stopped");
        } catch (Exception e) {
            LOG.warn("revocation listener did not stop cleanly", e);
        }
    }
}

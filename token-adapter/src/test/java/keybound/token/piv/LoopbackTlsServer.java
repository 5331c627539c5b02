package keybound.token.piv;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A JSSE TLS server on loopback that requires a client certificate, trusting exactly one; it
 * answers one connection with {@code welcome <client subject>} and records the client's certificate.
 */
final class LoopbackTlsServer implements AutoCloseable {

    private final SSLServerSocket socket;
    private final X509Certificate certificate;
    private final CompletableFuture<X509Certificate> client = new CompletableFuture<>();

    private LoopbackTlsServer(SSLServerSocket socket, X509Certificate certificate) {
        this.socket = socket;
        this.certificate = certificate;
    }

    static LoopbackTlsServer start(X509Certificate trustedClient) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        var name = new X500Name("CN=127.0.0.1");
        Instant now = Instant.now();
        X509Certificate own = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(1, ChronoUnit.HOURS)),
                Date.from(now.plus(1, ChronoUnit.DAYS)), name, keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("server", keys.getPrivate(), new char[0], new X509Certificate[] {own});
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("client", trustedClient);
        var keyManagers = KeyManagerFactory.getInstance("PKIX");
        keyManagers.init(keyStore, new char[0]);
        var trustManagers = TrustManagerFactory.getInstance("PKIX");
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        var socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        socket.setNeedClientAuth(true);
        var server = new LoopbackTlsServer(socket, own);
        Thread thread = new Thread(server::serveOne, "loopback-tls");
        thread.setDaemon(true);
        thread.start();
        return server;
    }

    private void serveOne() {
        try (var connection = (SSLSocket) socket.accept()) {
            connection.startHandshake();
            var peer = (X509Certificate) connection.getSession().getPeerCertificates()[0];
            var in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8));
            in.readLine();
            connection.getOutputStream().write(("welcome " + peer.getSubjectX500Principal().getName() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            connection.getOutputStream().flush();
            client.complete(peer);
        } catch (Exception e) {
            client.completeExceptionally(e);
        }
    }

    int port() {
        return socket.getLocalPort();
    }

    X509Certificate certificate() {
        return certificate;
    }

    /** The client certificate of the one connection, once its handshake passed. */
    Optional<X509Certificate> clientCertificate() throws Exception {
        return Optional.of(client.get(30, TimeUnit.SECONDS));
    }

    @Override
    public void close() throws Exception {
        socket.close();
    }
}

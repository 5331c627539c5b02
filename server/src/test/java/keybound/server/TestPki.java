package keybound.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import keybound.testkit.ca.TestCa;

/**
 * Key stores for one test: the bank CA (a {@link TestCa}), the server's own certificate from it,
 * and SSL contexts for clients with or without a certificate.
 */
final class TestPki {

    static final char[] STORE_PASSWORD = "test-store-pass".toCharArray();

    final TestCa ca = TestCa.create("Test Bank CA");
    final Path keystore;
    final Path truststore;

    TestPki(Path directory) {
        this(directory, List.of());
    }

    /**
     * A server configuration in {@code directory}: an ephemeral loopback port, this key store, no
     * client certificates asked, then {@code settings} ({@code key=value}).
     */
    ServerConfig serverConfig(Path directory, String... settings) throws IOException {
        Path file = Files.writeString(directory.resolve("server.properties"), String.join("\n", "listen.port=0",
                "tls.keystore.path=" + keystore, "tls.keystore.password=" + new String(STORE_PASSWORD),
                "tls.client-auth=none", String.join("\n", settings)));
        return ConfigSource.load(file, Map.of());
    }

    /**
     * @param clientAnchors the CA certificates client certificates must chain to; empty: this
     *                      test CA (the issuer's CA chain when the registry is the real issuer)
     */
    TestPki(Path directory, List<X509Certificate> clientAnchors) {
        try {
            KeyPair serverKeys = TestCa.ecKeyPair();
            X509Certificate serverCert = ca.issueServer(serverKeys.getPublic());
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", serverKeys.getPrivate(), STORE_PASSWORD, new Certificate[] {serverCert, ca.certificate()});
            keystore = write(keys, directory.resolve("server.p12"));
            truststore = write(trustStore(clientAnchors.isEmpty() ? List.of(ca.certificate()) : clientAnchors),
                    directory.resolve("bank-ca.p12"));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client context trusting the bank CA, presenting {@code certificate} when given. */
    SSLContext clientContext(Optional<KeyPair> keys, Optional<X509Certificate> certificate) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            if (keys.isPresent()) {
                store.setKeyEntry("client", keys.get().getPrivate(), STORE_PASSWORD, new Certificate[] {certificate.orElseThrow()});
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, STORE_PASSWORD);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore(ca.certificate()));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client context trusting the bank CA, presenting what {@code keyManager} offers. */
    SSLContext clientContext(KeyManager keyManager) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore(ca.certificate()));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keyManager}, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyStore trustStore(X509Certificate anchor) throws GeneralSecurityException, IOException {
        return trustStore(List.of(anchor));
    }

    private static KeyStore trustStore(List<X509Certificate> anchors) throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < anchors.size(); i++) {
            trust.setCertificateEntry("bank-ca-" + i, anchors.get(i));
        }
        return trust;
    }

    private static Path write(KeyStore store, Path file) throws GeneralSecurityException, IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, STORE_PASSWORD);
        }
        return file;
    }
}

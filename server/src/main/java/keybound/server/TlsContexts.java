package keybound.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The server's TLS settings: TLS 1.3 and 1.2 only, with AEAD suites and forward secrecy only (no
 * CBC, no static RSA key exchange), the bank CA as the only client trust anchor. The key and trust
 * stores are opened here with their {@code char[]} passwords and handed to Jetty as a ready
 * {@link SSLContext}: Jetty's own store loading takes passwords as {@code String}s, which cannot be wiped.
 * Public so that the logon benchmarks measure a bare TLS server with exactly the bank server's settings.
 */
public final class TlsContexts {

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** Patterns (Jetty matches them as regular expressions): every TLS 1.3 suite, and TLS 1.2 ECDHE with GCM or ChaCha20. */
    static final String[] CIPHER_SUITES = {"TLS_AES_.*", "TLS_CHACHA20_.*",
        "TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)"};

    private TlsContexts() {
    }

    public static SslContextFactory.Server server(ServerConfig config) {
        var tls = new SslContextFactory.Server();
        tls.setSslContext(sslContext(config));
        // Jetty applies these to every engine it makes from the context above.
        tls.setIncludeProtocols(PROTOCOLS);
        tls.setIncludeCipherSuites(CIPHER_SUITES);
        tls.setNeedClientAuth(config.clientAuth() == ClientAuth.NEED);
        tls.setWantClientAuth(config.clientAuth() == ClientAuth.WANT);
        tls.setRenegotiationAllowed(false);
        return tls;
    }

    /** The server's key from {@code keystore}; client certificates trusted from {@code truststore}. */
    static SSLContext sslContext(ServerConfig config) {
        try {
            KeyStore own = load(config.keystore());
            // SunX509 decrypts the server's key once, here. PKIX (NewSunX509) fetches it from the
            // PKCS#12 store at every handshake, paying the store's PBKDF2 each time: a fifth of
            // the server's CPU per logon in the capacity benchmark's profile.
            var keys = KeyManagerFactory.getInstance("SunX509");
            keys.init(own, config.keystore().password());
            // As Jetty did with no trust store: the key store's certificates are the only anchors.
            var trust = TrustManagerFactory.getInstance("PKIX");
            trust.init(config.truststore().isPresent() ? load(config.truststore().get()) : own);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the server's TLS key or trust store cannot be used: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(KeyMaterial material) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(material.type());
        try (InputStream in = Files.newInputStream(material.path())) {
            store.load(in, material.password());
            return store;
        } catch (IOException e) {
            // a wrong password arrives here too, as the JDK reports it
            throw new UncheckedIOException("cannot open the TLS store " + material.path() + ": " + e.getMessage(), e);
        }
    }
}

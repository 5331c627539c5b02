package keybound.server;

import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The server's TLS settings: TLS 1.3 and 1.2 only, with AEAD suites and forward secrecy only (no
 * CBC, no static RSA key exchange), the bank CA as the only client trust anchor. Public so that the
 * logon benchmarks measure a bare TLS server with exactly the bank server's settings.
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
        tls.setIncludeProtocols(PROTOCOLS);
        tls.setIncludeCipherSuites(CIPHER_SUITES);
        tls.setKeyStorePath(config.keystore().path().toString());
        tls.setKeyStoreType(config.keystore().type());
        tls.setKeyStorePassword(new String(config.keystore().password()));
        config.truststore().ifPresent(trust -> {
            tls.setTrustStorePath(trust.path().toString());
            tls.setTrustStoreType(trust.type());
            tls.setTrustStorePassword(new String(trust.password()));
        });
        tls.setNeedClientAuth(config.clientAuth() == ClientAuth.NEED);
        tls.setWantClientAuth(config.clientAuth() == ClientAuth.WANT);
        tls.setRenegotiationAllowed(false);
        return tls;
    }
}

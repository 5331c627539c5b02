package keybound.server;

import org.eclipse.jetty.util.ssl.SslContextFactory;

/** The server's TLS settings: TLS 1.3 and 1.2 only, the bank CA as the only client trust anchor. */
final class TlsContexts {

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsContexts() {
    }

    static SslContextFactory.Server server(ServerConfig config) {
        var tls = new SslContextFactory.Server();
        tls.setIncludeProtocols(PROTOCOLS);
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

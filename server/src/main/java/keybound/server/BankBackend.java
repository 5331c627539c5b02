package keybound.server;

import keybound.logon.BankPorts;

/**
 * The bank side the server runs on: the issuer's registry, secrets, card and lockout behind
 * logon's ports. Opened from the server's configuration (storage, CA token, lockout, window) by a
 * {@link Provider} found through {@link java.util.ServiceLoader}; the issuer adapter supplies one.
 */
public interface BankBackend extends AutoCloseable {

    BankPorts ports();

    /** Releases the database pool and the CA token. */
    @Override
    void close();

    /** Service-provider interface: register the implementation in {@code META-INF/services}. */
    interface Provider {
        BankBackend open(ServerConfig config);
    }
}

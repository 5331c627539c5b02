package keybound.server;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import keybound.bankapi.client.BankSettings;
import keybound.logon.LogonPolicy;

/**
 * Everything the server is configured with; read by {@link ConfigSource}.
 *
 * @param listenHost address to bind; loopback unless configured otherwise
 * @param listenPort port to bind; 0 picks a free one (tests)
 * @param origin the origin clients sign challenges for; derived from host and port when empty
 * @param storage the registry's database, for the issuer adapter
 * @param keystore the server's own certificate and key, issued by the bank CA
 * @param truststore the bank CA certificates client certificates must chain to
 * @param clientAuth whether the handshake asks for a client certificate
 * @param maxBodyBytes request bodies above this are refused with 413 before parsing
 * @param lockoutLimit failed factors before an account locks, for the issuer adapter
 * @param acquisitionWindow how long after application a contract may acquire its first certificate
 * @param logon logon timings
 * @param shutdown how a stop drains the node and waits for requests in flight
 * @param purgeInterval how often expired logon state (sessions, challenges, pending logons) is
 *        deleted from the database
 * @param limits connections and requests per client address and in all
 */
public record ServerConfig(String listenHost, int listenPort, Optional<String> origin, Storage storage,
        KeyMaterial keystore, Optional<KeyMaterial> truststore, ClientAuth clientAuth,
        int maxBodyBytes, int lockoutLimit, Duration acquisitionWindow, LogonPolicy logon, ShutdownPolicy shutdown,
        Duration purgeInterval, ClientLimits limits) {

    public ServerConfig {
        Objects.requireNonNull(listenHost, "listenHost");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(keystore, "keystore");
        Objects.requireNonNull(truststore, "truststore");
        Objects.requireNonNull(clientAuth, "clientAuth");
        Objects.requireNonNull(acquisitionWindow, "acquisitionWindow");
        Objects.requireNonNull(logon, "logon");
        Objects.requireNonNull(shutdown, "shutdown");
        Objects.requireNonNull(purgeInterval, "purgeInterval");
        Objects.requireNonNull(limits, "limits");
        if (clientAuth != ClientAuth.NONE && truststore.isEmpty()) {
            throw new ConfigException(ConfigKeys.TLS_TRUSTSTORE_PATH, "required when client certificates are asked for");
        }
        if (purgeInterval.isNegative() || purgeInterval.isZero()) {
            throw new ConfigException(ConfigKeys.PURGE_SECONDS, "must be positive");
        }
    }

    /** The origin clients sign challenges for: the configured one, else the listen address's. */
    public String effectiveOrigin() {
        return origin.orElseGet(() -> BankSettings.httpsOrigin(listenHost, listenPort));
    }


    /** The same configuration with another port (tests bind port 0). */
    public ServerConfig withListenPort(int port) {
        return new ServerConfig(listenHost, port, origin, storage, keystore, truststore, clientAuth,
                maxBodyBytes, lockoutLimit, acquisitionWindow, logon, shutdown, purgeInterval, limits);
    }

    /** The same configuration with other client limits. */
    public ServerConfig withLimits(ClientLimits other) {
        return new ServerConfig(listenHost, listenPort, origin, storage, keystore, truststore, clientAuth,
                maxBodyBytes, lockoutLimit, acquisitionWindow, logon, shutdown, purgeInterval, other);
    }

    /** The same configuration with another client-authentication mode. */
    public ServerConfig withClientAuth(ClientAuth mode) {
        return new ServerConfig(listenHost, listenPort, origin, storage, keystore, truststore, mode,
                maxBodyBytes, lockoutLimit, acquisitionWindow, logon, shutdown, purgeInterval, limits);
    }
}

package keybound.server;

/**
 * What one client address may hold and send, and what all of them together may hold
 * ({@code limits.*} in the configuration; see {@code docs/server.md}).
 *
 * @param connections open connections in all, from every address (Jetty's {@code NetworkConnectionLimit}:
 *        at the limit the server stops accepting until one closes)
 * @param connectionsPerAddress open connections from one address; more are closed as they open
 * @param requestsPerSecond sustained requests per second from one address (Jetty's {@code DoSHandler},
 *        a leaking bucket); over it, 429 {@code too-many-requests}
 * @param requestBurst requests one address may send at once above the sustained rate
 * @param secretRequestsPerSecond the same for requests that check a secret or key (acquisition,
 *        the logon second step and password, administrator and back-office operations, web forms)
 * @param secretRequestBurst their burst
 */
public record ClientLimits(int connections, int connectionsPerAddress, int requestsPerSecond, int requestBurst,
        int secretRequestsPerSecond, int secretRequestBurst) {

    public ClientLimits {
        if (connections < 1 || connectionsPerAddress < 1 || requestsPerSecond < 1 || requestBurst < 1
                || secretRequestsPerSecond < 1 || secretRequestBurst < 1) {
            throw new IllegalArgumentException("every limit is at least 1");
        }
    }

    static ClientLimits read(ConfigSource source) {
        return new ClientLimits(source.integer(ConfigKeys.LIMITS_CONNECTIONS, 4096, 1, 1_000_000),
                source.integer(ConfigKeys.LIMITS_CONNECTIONS_PER_ADDRESS, 64, 1, 1_000_000),
                source.integer(ConfigKeys.LIMITS_REQUESTS_PER_SECOND, 100, 1, 1_000_000),
                source.integer(ConfigKeys.LIMITS_REQUEST_BURST, 200, 1, 1_000_000),
                source.integer(ConfigKeys.LIMITS_SECRET_REQUESTS_PER_SECOND, 20, 1, 1_000_000),
                source.integer(ConfigKeys.LIMITS_SECRET_REQUEST_BURST, 100, 1, 1_000_000));
    }
}

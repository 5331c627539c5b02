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

    static final String CONNECTIONS = "limits.connections";
    static final String CONNECTIONS_PER_ADDRESS = "limits.connections-per-address";
    static final String REQUESTS_PER_SECOND = "limits.requests-per-second";
    static final String REQUEST_BURST = "limits.request-burst";
    static final String SECRET_REQUESTS_PER_SECOND = "limits.secret-requests-per-second";
    static final String SECRET_REQUEST_BURST = "limits.secret-request-burst";

    public ClientLimits {
        if (connections < 1 || connectionsPerAddress < 1 || requestsPerSecond < 1 || requestBurst < 1
                || secretRequestsPerSecond < 1 || secretRequestBurst < 1) {
            throw new IllegalArgumentException("every limit is at least 1");
        }
    }

    static ClientLimits read(ConfigSource source) {
        return new ClientLimits(source.integer(CONNECTIONS, 4096, 1, 1_000_000),
                source.integer(CONNECTIONS_PER_ADDRESS, 64, 1, 1_000_000),
                source.integer(REQUESTS_PER_SECOND, 100, 1, 1_000_000), source.integer(REQUEST_BURST, 200, 1, 1_000_000),
                source.integer(SECRET_REQUESTS_PER_SECOND, 20, 1, 1_000_000),
                source.integer(SECRET_REQUEST_BURST, 100, 1, 1_000_000));
    }
}

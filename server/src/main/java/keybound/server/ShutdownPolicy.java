package keybound.server;

import java.time.Duration;
import java.util.Objects;

/**
 * How the server stops on SIGTERM.
 *
 * @param drain how long the server keeps serving after the stop begins while {@code /health/ready}
 *        already answers 503 and every response closes its connection, so a balancer takes the
 *        node out before its listener closes; zero skips the drain
 * @param grace how long the stop then waits for requests in flight
 */
public record ShutdownPolicy(Duration drain, Duration grace) {

    public ShutdownPolicy {
        Objects.requireNonNull(drain, "drain");
        Objects.requireNonNull(grace, "grace");
        if (drain.isNegative()) {
            throw new ConfigException(ConfigKeys.SHUTDOWN_DRAIN, "must not be negative");
        }
    }
}

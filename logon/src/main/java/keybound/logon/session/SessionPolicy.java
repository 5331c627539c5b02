package keybound.logon.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When sessions end: after {@code idleTimeout} without a request, and {@code absoluteTimeout}
 * after logon whatever happens.
 */
public record SessionPolicy(Duration idleTimeout, Duration absoluteTimeout) {

    public static final SessionPolicy DEFAULT = new SessionPolicy(Duration.ofMinutes(10), Duration.ofHours(8));

    public SessionPolicy {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(absoluteTimeout, "absoluteTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero() || absoluteTimeout.compareTo(idleTimeout) < 0) {
            throw new IllegalArgumentException("need 0 < idle timeout <= absolute timeout");
        }
    }

    /** The first reason the session is over at {@code now}, or {@code null} while it lives. */
    SessionRefusal endReason(LogonSession session, Instant now) {
        if (!now.isBefore(session.createdAt().plus(absoluteTimeout))) {
            return SessionRefusal.ABSOLUTE_TIMEOUT;
        }
        if (!now.isBefore(session.lastSeenAt().plus(idleTimeout))) {
            return SessionRefusal.IDLE_TIMEOUT;
        }
        return null;
    }
}

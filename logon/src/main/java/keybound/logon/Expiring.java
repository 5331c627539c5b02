package keybound.logon;

import java.time.Instant;

/** A value that stops being valid at an instant (challenges, pending logons). */
public interface Expiring {

    Instant expiresAt();

    /** Expired at {@code instant}: the expiry instant itself is already too late. */
    default boolean expiredAt(Instant instant) {
        return !instant.isBefore(expiresAt());
    }
}

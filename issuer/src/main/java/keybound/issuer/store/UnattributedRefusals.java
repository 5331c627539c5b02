package keybound.issuer.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Refusals before any secret was checked (unknown, locked, closed or suspended account), counted
 * per minute in a fixed ring of 60 rows: the durable write a wrong secret's failure count costs,
 * made without a row per ID the caller chose.
 */
public final class UnattributedRefusals {

    static final int SLOTS = 60;

    /** Adds one refusal to the minute of {@code now} (restarting a slot last used an hour or more ago); returns that minute's count. */
    public long count(Connection c, Instant now) throws SQLException {
        long minute = Math.floorDiv(now.getEpochSecond(), 60);
        int slot = Math.floorMod(minute, SLOTS);
        try (var s = c.prepareStatement("UPDATE unattributed_refusal SET refusals = CASE WHEN minute_start = ? "
                + "THEN refusals + 1 ELSE 1 END, minute_start = ? WHERE slot = ?")) {
            s.setLong(1, minute);
            s.setLong(2, minute);
            s.setInt(3, slot);
            if (s.executeUpdate() != 1) {
                throw new SQLException("unattributed refusal slot " + slot + " is missing");
            }
        }
        try (var s = c.prepareStatement("SELECT refusals FROM unattributed_refusal WHERE slot = ?")) {
            s.setInt(1, slot);
            try (var rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}

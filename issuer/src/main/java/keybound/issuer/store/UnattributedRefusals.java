package keybound.issuer.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Refusals before any secret was checked (unknown, locked, closed or suspended account), counted
 * per minute in a fixed ring of 60 minutes of {@value #PARTS} rows each: the durable write a wrong
 * secret's failure count costs, made without a row per ID the caller chose. Each refusal adds to
 * one of its minute's rows, picked at random, so concurrent refusals (a flood of unknown IDs)
 * seldom wait on one another's row lock; a minute's count is the sum of its rows.
 */
public final class UnattributedRefusals {

    static final int SLOTS = 60;
    /** Rows per minute (V8): enough that the bank's few concurrent secret checks rarely share one. */
    static final int PARTS = 16;

    /** Adds one refusal to the minute of {@code now}, in one of its rows picked at random. */
    public void count(Connection c, Instant now) throws SQLException {
        count(c, now, ThreadLocalRandom.current().nextInt(PARTS));
    }

    /** Adds one refusal to row {@code part} of the minute of {@code now} (restarting a row last used an hour or more ago). */
    void count(Connection c, Instant now, int part) throws SQLException {
        long minute = minute(now);
        int slot = Math.floorMod(minute, SLOTS);
        try (var s = c.prepareStatement("UPDATE unattributed_refusal SET refusals = CASE WHEN minute_start = ? "
                + "THEN refusals + 1 ELSE 1 END, minute_start = ? WHERE slot = ? AND part = ?")) {
            s.setLong(1, minute);
            s.setLong(2, minute);
            s.setInt(3, slot);
            s.setInt(4, part);
            if (s.executeUpdate() != 1) {
                throw new SQLException("unattributed refusal row " + slot + "/" + part + " is missing");
            }
        }
    }

    /**
     * The refusals counted in the minute that holds {@code at}, by every node of the bank; that
     * minute must be within the last hour (the ring's length).
     */
    public long inMinute(Connection c, Instant at) throws SQLException {
        long minute = minute(at);
        try (var s = c.prepareStatement("SELECT COALESCE(SUM(refusals), 0) FROM unattributed_refusal "
                + "WHERE slot = ? AND minute_start = ?")) {
            s.setInt(1, Math.floorMod(minute, SLOTS));
            s.setLong(2, minute);
            try (var rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static long minute(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), 60);
    }
}

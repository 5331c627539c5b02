package keybound.issuer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import keybound.issuer.support.Engine;
import keybound.issuer.support.IssuerTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The durable count of refusals of unknown or locked accounts (V7, spread by V8): a minute's
 * refusals land on several rows and are summed when read, and a refusal never waits on another
 * one's row while that one's transaction is open on a different row.
 */
@ParameterizedClass
@EnumSource(Engine.class)
class UnattributedRefusalsTest extends IssuerTestBase {

    private final UnattributedRefusals refusals = new UnattributedRefusals();

    @Test
    void aMinutesRefusalsAreSpreadOverItsRowsAndSummedWhenRead() {
        Instant now = Instant.parse("2026-03-02T09:00:30Z");
        for (int i = 0; i < 64; i++) {
            database.inTransaction(c -> {
                refusals.count(c, now);
                return null;
            });
        }
        assertEquals(64L, inMinute(now));
        assertEquals(64L, inMinute(now.minusSeconds(30)), "the same minute");
        assertEquals(0L, inMinute(now.plusSeconds(60)), "the next minute");
        long rows = Long.parseLong(queryString("SELECT COUNT(*) FROM unattributed_refusal WHERE refusals > 0"));
        assertTrue(rows > 1, "64 refusals on " + rows + " row(s)");

        // an hour on, the ring comes back to the same rows: the new minute counts from its first refusal
        Instant hourLater = now.plus(Duration.ofHours(1));
        database.inTransaction(c -> {
            refusals.count(c, hourLater);
            return null;
        });
        assertEquals(1L, inMinute(hourLater));
    }

    @Test
    void aRefusalDoesNotWaitOnAnOpenRefusalOfItsMinute() throws SQLException {
        Instant now = Instant.parse("2026-03-02T09:00:30Z");
        try (Connection open = database.dataSource().getConnection()) {
            open.setAutoCommit(false);
            refusals.count(open, now, 0); // its row stays locked until the commit below
            database.inTransaction(c -> {
                failFastOnLocks(c);
                refusals.count(c, now, 1);
                return null;
            });
            open.commit();
        }
        assertEquals(2L, inMinute(now));
    }

    private long inMinute(Instant at) {
        return database.inTransaction(c -> refusals.inMinute(c, at));
    }

    /** A lock wait fails at once instead of after the registry's lock timeout: a wait is the failure. */
    private void failFastOnLocks(Connection c) throws SQLException {
        try (var s = c.createStatement()) {
            s.execute(engine == Engine.H2 ? "SET LOCK_TIMEOUT 100" : "SET LOCAL lock_timeout = '100ms'");
        }
    }
}

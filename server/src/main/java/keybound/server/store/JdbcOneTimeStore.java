package keybound.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import keybound.issuer.store.Database;
import keybound.logon.Expiring;
import keybound.logon.OneTimeStore;
import keybound.logon.StoreCapacity;

/**
 * {@link OneTimeStore} in the issuer's database. {@link #consume} reads the row and deletes it in
 * one transaction, and hands the value out only if its own DELETE removed the row: of concurrent
 * consumers, the others' DELETEs wait on the row lock and then remove nothing. Rows are keyed by
 * the SHA-256 of the key, so a copy of the table answers no challenge and finishes no logon.
 *
 * <p>Bounded like {@link keybound.logon.InMemoryOneTimeStore} ({@link StoreCapacity}), but
 * approximately: puts come before anyone is authenticated, so the table is counted at most once a
 * second and in between the count is carried forward by this store's own inserts. Other servers'
 * inserts and concurrent puts may overshoot the capacity by a few rows; the bound is against
 * floods, not exact. A put that finds the table full deletes the expired rows and counts afresh
 * before it is refused.
 */
public final class JdbcOneTimeStore<K, V extends Expiring> implements OneTimeStore<K, V> {

    private static final long RECOUNT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Database database;
    private final OneTimeRows<K, V> rows;
    private final Clock clock;
    private final StoreCapacity capacity;
    private final String insert;
    private final String select;
    private final String delete;
    private final String purge;
    private final String count;
    /** The last count and when it was taken; null when it must be taken afresh. */
    private final AtomicReference<RowCount> lastCount = new AtomicReference<>();

    JdbcOneTimeStore(Database database, OneTimeRows<K, V> rows, Clock clock, int capacity) {
        this.database = Objects.requireNonNull(database, "database");
        this.rows = Objects.requireNonNull(rows, "rows");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.capacity = new StoreCapacity(capacity);
        String columns = String.join(", ", rows.columns());
        String marks = String.join(", ", Collections.nCopies(rows.columns().size() + 2, "?"));
        this.insert = "INSERT INTO " + rows.table() + " (" + rows.keyColumn() + ", " + columns
                + ", expires_at) VALUES (" + marks + ")";
        this.select = "SELECT " + columns + ", expires_at FROM " + rows.table() + " WHERE " + rows.keyColumn() + " = ?";
        this.delete = "DELETE FROM " + rows.table() + " WHERE " + rows.keyColumn() + " = ?";
        this.purge = "DELETE FROM " + rows.table() + " WHERE expires_at <= ?";
        this.count = "SELECT COUNT(*) FROM " + rows.table();
    }

    @Override
    public void put(K key, V value) {
        Objects.requireNonNull(value, "value");
        capacity.makeRoom(this::approximateSize, () -> {
            purgeExpired(clock.instant());
            recount();
        });
        try {
            // Lost with the machine, a value is only asked for again; its consumption is synced.
            SqlStatements.updateWithoutSync(database, insert, st -> {
                st.setString(1, TokenDigest.sha256Hex(rows.token(key)));
                rows.bind(st, 2, value);
                st.setLong(rows.columns().size() + 2, value.expiresAt().toEpochMilli());
            });
        } catch (RuntimeException e) {
            if (SqlStatements.isUniqueViolation(e)) {
                throw new IllegalStateException("key already present", e);
            }
            throw e;
        }
        lastCount.updateAndGet(last -> last == null ? null : last.plus(1));
    }

    @Override
    public Optional<V> consume(K key) {
        String digest = TokenDigest.sha256Hex(rows.token(key));
        return database.inTransaction(c -> {
            V value;
            try (PreparedStatement st = c.prepareStatement(select)) {
                st.setString(1, digest);
                try (ResultSet r = st.executeQuery()) {
                    if (!r.next()) {
                        return Optional.<V>empty();
                    }
                    value = rows.read(key, r);
                }
            }
            try (PreparedStatement st = c.prepareStatement(delete)) {
                st.setString(1, digest);
                // Only the transaction whose DELETE removed the row may use the value.
                return st.executeUpdate() == 1 ? Optional.of(value) : Optional.<V>empty();
            }
        });
    }

    /** Deletes the values expired at {@code now} (the expiry instant itself is too late); returns how many. */
    int purgeExpired(Instant now) {
        int purged = SqlStatements.updateWithoutSync(database, purge, st -> st.setLong(1, now.toEpochMilli()));
        lastCount.set(null);
        return purged;
    }

    /** Rows in the table, live or expired, counted now. */
    int size() {
        return database.inTransaction(c -> {
            try (PreparedStatement st = c.prepareStatement(count);
                 ResultSet r = st.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        });
    }

    /** The last count plus this store's inserts since, counted afresh when older than a second. */
    private int approximateSize() {
        RowCount last = lastCount.get();
        if (last != null && System.nanoTime() - last.takenAt() < RECOUNT_NANOS) {
            return last.rows();
        }
        return recount();
    }

    private int recount() {
        long takenAt = System.nanoTime();
        int rows = size();
        lastCount.set(new RowCount(rows, takenAt));
        return rows;
    }

    /** A table count and the {@link System#nanoTime} it was taken at. */
    private record RowCount(int rows, long takenAt) {
        RowCount plus(int inserted) {
            return new RowCount(rows + inserted, takenAt);
        }
    }
}

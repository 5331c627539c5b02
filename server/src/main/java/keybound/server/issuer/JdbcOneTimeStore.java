package keybound.server.issuer;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
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
 * <p>Bounded like {@link keybound.logon.InMemoryOneTimeStore} ({@link StoreCapacity}): a put into a
 * full table first deletes the expired rows, and if the table is still full it is refused. The count and the insert are not one transaction, so
 * concurrent puts may overshoot the capacity by a few rows; the bound is against floods, not exact.
 */
public final class JdbcOneTimeStore<K, V extends Expiring> implements OneTimeStore<K, V> {

    private final Database database;
    private final OneTimeRows<K, V> rows;
    private final Clock clock;
    private final StoreCapacity capacity;

    JdbcOneTimeStore(Database database, OneTimeRows<K, V> rows, Clock clock, int capacity) {
        this.database = Objects.requireNonNull(database, "database");
        this.rows = Objects.requireNonNull(rows, "rows");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.capacity = new StoreCapacity(capacity);
    }

    @Override
    public void put(K key, V value) {
        Objects.requireNonNull(value, "value");
        capacity.makeRoom(this::size, () -> purgeExpired(clock.instant()));
        String columns = String.join(", ", rows.columns());
        String marks = String.join(", ", Collections.nCopies(rows.columns().size() + 2, "?"));
        try {
            SqlStatements.update(database, "INSERT INTO " + rows.table() + " (" + rows.keyColumn() + ", " + columns
                    + ", expires_at) VALUES (" + marks + ")", st -> {
                        st.setString(1, TokenDigest.sha256Hex(rows.token(key)));
                        rows.bind(st, 2, value);
                        st.setLong(rows.columns().size() + 2, value.expiresAt().toEpochMilli());
                    });
        } catch (RuntimeException e) {
            if (present(key)) {
                throw new IllegalStateException("key already present");
            }
            throw e;
        }
    }

    @Override
    public Optional<V> consume(K key) {
        String digest = TokenDigest.sha256Hex(rows.token(key));
        return database.inTransaction(c -> {
            V value;
            try (PreparedStatement st = c.prepareStatement("SELECT " + String.join(", ", rows.columns())
                    + ", expires_at FROM " + rows.table() + " WHERE " + rows.keyColumn() + " = ?")) {
                st.setString(1, digest);
                try (ResultSet r = st.executeQuery()) {
                    if (!r.next()) {
                        return Optional.<V>empty();
                    }
                    value = rows.read(key, r);
                }
            }
            try (PreparedStatement st = c.prepareStatement("DELETE FROM " + rows.table() + " WHERE " + rows.keyColumn() + " = ?")) {
                st.setString(1, digest);
                // Only the transaction whose DELETE removed the row may use the value.
                return st.executeUpdate() == 1 ? Optional.of(value) : Optional.<V>empty();
            }
        });
    }

    /** Deletes the values expired at {@code now} (the expiry instant itself is too late); returns how many. */
    int purgeExpired(Instant now) {
        return SqlStatements.update(database, "DELETE FROM " + rows.table() + " WHERE expires_at <= ?",
                st -> st.setLong(1, now.toEpochMilli()));
    }

    /** Rows in the table, live or expired. */
    int size() {
        return database.inTransaction(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT COUNT(*) FROM " + rows.table());
                 ResultSet r = st.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        });
    }

    private boolean present(K key) {
        return database.inTransaction(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM " + rows.table() + " WHERE " + rows.keyColumn() + " = ?")) {
                st.setString(1, TokenDigest.sha256Hex(rows.token(key)));
                try (ResultSet r = st.executeQuery()) {
                    return r.next();
                }
            }
        });
    }
}

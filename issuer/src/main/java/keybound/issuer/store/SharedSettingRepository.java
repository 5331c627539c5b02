package keybound.issuer.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** The {@code shared_setting} rows: name → value, as the first node (or the last adopt) recorded them. */
public final class SharedSettingRepository {

    /**
     * Takes the bank-wide lock (the {@code ca_counter} row) until the transaction ends, so two
     * nodes starting at once on an empty registry do not both record their settings.
     */
    public void lock(Connection c) throws SQLException {
        try (var s = c.prepareStatement("SELECT id FROM ca_counter WHERE id = 1 FOR UPDATE"); var rows = s.executeQuery()) {
            rows.next();
        }
    }

    public Map<String, String> all(Connection c) throws SQLException {
        Map<String, String> settings = new TreeMap<>();
        try (var s = c.prepareStatement("SELECT name, setting FROM shared_setting"); var rows = s.executeQuery()) {
            while (rows.next()) {
                settings.put(rows.getString(1), rows.getString(2));
            }
        }
        return settings;
    }

    /** Records {@code value} for {@code name}, replacing any earlier value. */
    public void put(Connection c, String name, String value, Instant at) throws SQLException {
        try (var s = c.prepareStatement("DELETE FROM shared_setting WHERE name = ?")) {
            s.setString(1, name);
            s.executeUpdate();
        }
        try (var s = c.prepareStatement("INSERT INTO shared_setting (name, setting, changed_at) VALUES (?, ?, ?)")) {
            s.setString(1, name);
            s.setString(2, value);
            Sql.setInstant(s, 3, at);
            s.executeUpdate();
        }
    }
}

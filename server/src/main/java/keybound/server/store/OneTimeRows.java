package keybound.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import keybound.logon.Expiring;

/**
 * How one kind of single-use value lies in its table for {@link JdbcOneTimeStore}: the row is
 * keyed by the SHA-256 of the key's token (a bearer value), and the value is rebuilt from the
 * key the caller presents plus the stored columns. Every table also has {@code expires_at}
 * (epoch milliseconds), stored by the store itself.
 */
interface OneTimeRows<K, V extends Expiring> {

    String table();

    String keyColumn();

    /** The key's random token, hashed before it reaches the database. */
    String token(K key);

    /** The value's columns besides the key and {@code expires_at}, in binding and reading order. */
    List<String> columns();

    /** Binds {@link #columns()} to the parameters from {@code first} on. */
    void bind(PreparedStatement statement, int first, V value) throws SQLException;

    /** Rebuilds the value from {@link #columns()} (from column 1 on) and {@code expires_at} (the column after them). */
    V read(K key, ResultSet row) throws SQLException;
}

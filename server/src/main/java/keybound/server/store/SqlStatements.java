package keybound.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import keybound.issuer.store.Database;

/** One data-changing statement in its own transaction, for the logon tables. */
final class SqlStatements {

    /** Standard SQLState for a unique or primary key violation (H2 and PostgreSQL alike). */
    private static final String UNIQUE_VIOLATION = "23505";

    /** Sets a statement's parameters. */
    interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private SqlStatements() {
    }

    /** Runs {@code sql} in one transaction and returns the number of rows it changed. */
    static int update(Database database, String sql, Binder binder) {
        return database.inTransaction(c -> run(c, sql, binder));
    }

    /**
     * The same for a write whose loss with the machine only makes the customer log on again
     * ({@link Database#inTransactionWithoutSync}): it survives a killed process, not a power cut.
     */
    static int updateWithoutSync(Database database, String sql, Binder binder) {
        return database.inTransactionWithoutSync(c -> run(c, sql, binder));
    }

    /** Whether {@code e} was caused by a statement that would have duplicated a unique key. */
    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static int run(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            binder.bind(st);
            return st.executeUpdate();
        }
    }
}

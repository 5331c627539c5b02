package keybound.server.store;

import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import keybound.issuer.store.Database;
import keybound.logon.session.LogonMethod;
import keybound.logon.session.LogonSession;
import keybound.logon.session.SessionId;
import keybound.logon.session.SessionPolicy;
import keybound.logon.session.SessionStore;

/**
 * Sessions in the issuer's database (H2 or PostgreSQL), in the tables {@link LogonSchema} migrates.
 * A row is keyed by its id's {@link SessionId#orderKey} (new rows go at the end) and keeps the
 * id's SHA-256, compared on every lookup, so the table holds no usable session; {@link #replace}
 * is one conditional UPDATE on the expected last-seen time, so a logoff is never undone by a
 * concurrent touch.
 */
public final class JdbcSessionStore implements SessionStore {

    private final Database database;

    /** Over a database whose logon schema is migrated ({@link JdbcLogonState} does it). */
    JdbcSessionStore(Database database) {
        this.database = database;
    }

    @Override
    public boolean save(LogonSession s) {
        try {
            // A session lost with the machine only makes its holder log on again.
            SqlStatements.updateWithoutSync(database, "INSERT INTO logon_session (session_key, id_sha256, account_kind,"
                    + " contract_id, user_id, method, certificate, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    st -> {
                        st.setLong(1, s.id().orderKey());
                        st.setBytes(2, TokenDigest.sha256(s.id().value()));
                        AccountColumns.bindAccount(st, 3, s.account());
                        st.setString(6, s.method().name());
                        st.setString(7, AccountColumns.certificate(s.binding()));
                        st.setLong(8, s.createdAt().toEpochMilli());
                        st.setLong(9, s.lastSeenAt().toEpochMilli());
                    });
            return true;
        } catch (RuntimeException e) {
            if (SqlStatements.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<LogonSession> find(SessionId id) {
        byte[] digest = TokenDigest.sha256(id.value());
        return database.inTransaction(c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT id_sha256, account_kind, contract_id, user_id, method, certificate, created_at, last_seen_at"
                            + " FROM logon_session WHERE session_key = ?")) {
                st.setLong(1, id.orderKey());
                try (ResultSet r = st.executeQuery()) {
                    // Another id with the same key finds the row but not its digest.
                    if (!r.next() || !MessageDigest.isEqual(r.getBytes(1), digest)) {
                        return Optional.<LogonSession>empty();
                    }
                    return Optional.of(new LogonSession(id, AccountColumns.account(r, 2), LogonMethod.valueOf(r.getString(5)),
                            AccountColumns.binding(r.getString(6)),
                            Instant.ofEpochMilli(r.getLong(7)), Instant.ofEpochMilli(r.getLong(8))));
                }
            }
        });
    }

    @Override
    public boolean replace(LogonSession expected, LogonSession updated) {
        // A touch lost with the machine only lets the session time out sooner.
        return SqlStatements.updateWithoutSync(database,
                "UPDATE logon_session SET last_seen_at = ? WHERE session_key = ? AND id_sha256 = ? AND last_seen_at = ?", st -> {
                    st.setLong(1, updated.lastSeenAt().toEpochMilli());
                    bindId(st, 2, expected.id());
                    st.setLong(4, expected.lastSeenAt().toEpochMilli());
                }) == 1;
    }

    @Override
    public boolean remove(SessionId id) {
        // Synced: a logoff the machine's loss undid would open the session again.
        return SqlStatements.update(database, "DELETE FROM logon_session WHERE session_key = ? AND id_sha256 = ?",
                st -> bindId(st, 1, id)) == 1;
    }

    /**
     * Deletes the sessions that have ended at {@code now} under {@code policy} (idle or past their
     * absolute timeout, the same instants {@link SessionPolicy} ends them at); returns how many.
     */
    int purgeEnded(Instant now, SessionPolicy policy) {
        // A purge lost with the machine is done again; the sessions it deletes have ended anyway.
        return SqlStatements.updateWithoutSync(database, "DELETE FROM logon_session WHERE last_seen_at <= ? OR created_at <= ?",
                st -> {
                    st.setLong(1, now.minus(policy.idleTimeout()).toEpochMilli());
                    st.setLong(2, now.minus(policy.absoluteTimeout()).toEpochMilli());
                });
    }

    private static void bindId(PreparedStatement st, int first, SessionId id) throws SQLException {
        st.setLong(first, id.orderKey());
        st.setBytes(first + 1, TokenDigest.sha256(id.value()));
    }
}

package keybound.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
 * Rows are keyed by the SHA-256 of the session id, so the table holds no usable session; {@link #replace} is one conditional UPDATE on the expected last-seen time,
 * so a logoff is never undone by a concurrent touch.
 */
public final class JdbcSessionStore implements SessionStore {

    private final Database database;

    /** Over a database whose logon schema is migrated ({@link JdbcLogonState} does it). */
    JdbcSessionStore(Database database) {
        this.database = database;
    }

    @Override
    public void save(LogonSession s) {
        // A session lost with the machine only makes its holder log on again.
        SqlStatements.updateWithoutSync(database, "INSERT INTO logon_session (id_sha256, account_kind, contract_id, user_id,"
                + " method, certificate, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", st -> {
                    st.setString(1, key(s.id()));
                    AccountColumns.bindAccount(st, 2, s.account());
                    st.setString(5, s.method().name());
                    st.setString(6, AccountColumns.certificate(s.binding()));
                    st.setLong(7, s.createdAt().toEpochMilli());
                    st.setLong(8, s.lastSeenAt().toEpochMilli());
                });
    }

    @Override
    public Optional<LogonSession> find(SessionId id) {
        return database.inTransaction(c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT account_kind, contract_id, user_id, method, certificate, created_at, last_seen_at"
                            + " FROM logon_session WHERE id_sha256 = ?")) {
                st.setString(1, key(id));
                try (ResultSet r = st.executeQuery()) {
                    if (!r.next()) {
                        return Optional.<LogonSession>empty();
                    }
                    return Optional.of(new LogonSession(id, AccountColumns.account(r, 1), LogonMethod.valueOf(r.getString(4)),
                            AccountColumns.binding(r.getString(5)),
                            Instant.ofEpochMilli(r.getLong(6)), Instant.ofEpochMilli(r.getLong(7))));
                }
            }
        });
    }

    @Override
    public boolean replace(LogonSession expected, LogonSession updated) {
        // A touch lost with the machine only lets the session time out sooner.
        return SqlStatements.updateWithoutSync(database,
                "UPDATE logon_session SET last_seen_at = ? WHERE id_sha256 = ? AND last_seen_at = ?", st -> {
                    st.setLong(1, updated.lastSeenAt().toEpochMilli());
                    st.setString(2, key(expected.id()));
                    st.setLong(3, expected.lastSeenAt().toEpochMilli());
                }) == 1;
    }

    @Override
    public boolean remove(SessionId id) {
        // Synced: a logoff the machine's loss undid would open the session again.
        return SqlStatements.update(database, "DELETE FROM logon_session WHERE id_sha256 = ?",
                st -> st.setString(1, key(id))) == 1;
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

    private static String key(SessionId id) {
        return TokenDigest.sha256Hex(id.value());
    }
}

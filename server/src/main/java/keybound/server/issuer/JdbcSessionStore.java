package keybound.server.issuer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import keybound.issuer.store.Database;
import keybound.logon.Account;
import keybound.logon.CertificateFingerprint;
import keybound.logon.session.LogonMethod;
import keybound.logon.session.LogonSession;
import keybound.logon.session.SessionBinding;
import keybound.logon.session.SessionId;
import keybound.logon.session.SessionStore;
import org.flywaydb.core.Flyway;

/**
 * Sessions in the issuer's database (H2 or PostgreSQL), migrated by Flyway with its own history
 * table beside the issuer's. Rows are keyed by the SHA-256 of the session id, so the table holds
 * no usable session; {@link #replace} is one conditional UPDATE on the expected last-seen time,
 * so a logoff is never undone by a concurrent touch.
 */
public final class JdbcSessionStore implements SessionStore {

    private final Database database;

    public JdbcSessionStore(Database database) {
        this.database = database;
        Flyway.configure().dataSource(database.dataSource()).locations("classpath:db/migration/logon").table("flyway_logon_history")
                .baselineOnMigrate(true).baselineVersion("0").load().migrate();
    }

    @Override
    public void save(LogonSession s) {
        update("INSERT INTO logon_session (id_sha256, account_kind, contract_id, user_id, method, certificate, created_at,"
                + " last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", st -> {
                    st.setString(1, key(s.id()));
                    st.setString(2, s.account() instanceof Account.User ? "user" : "administrator");
                    st.setString(3, s.account().contractId());
                    st.setString(4, s.account() instanceof Account.User u ? u.userId() : null);
                    st.setString(5, s.method().name());
                    st.setString(6, s.binding().certificate().map(CertificateFingerprint::sha256Hex).orElse(null));
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
                    Account account = "user".equals(r.getString(1)) ? new Account.User(r.getString(2), r.getString(3))
                            : new Account.Administrator(r.getString(2));
                    var binding = new SessionBinding(Optional.ofNullable(r.getString(5)).map(CertificateFingerprint::new));
                    return Optional.of(new LogonSession(id, account, LogonMethod.valueOf(r.getString(4)), binding,
                            Instant.ofEpochMilli(r.getLong(6)), Instant.ofEpochMilli(r.getLong(7))));
                }
            }
        });
    }

    @Override
    public boolean replace(LogonSession expected, LogonSession updated) {
        return update("UPDATE logon_session SET last_seen_at = ? WHERE id_sha256 = ? AND last_seen_at = ?", st -> {
            st.setLong(1, updated.lastSeenAt().toEpochMilli());
            st.setString(2, key(expected.id()));
            st.setLong(3, expected.lastSeenAt().toEpochMilli());
        }) == 1;
    }

    @Override
    public boolean remove(SessionId id) {
        return update("DELETE FROM logon_session WHERE id_sha256 = ?", st -> st.setString(1, key(id))) == 1;
    }

    /** Drops sessions not seen since {@code before} (idle ones); returns how many. */
    public int purgeIdleSince(Instant before) {
        return update("DELETE FROM logon_session WHERE last_seen_at < ?", st -> st.setLong(1, before.toEpochMilli()));
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private int update(String sql, Binder binder) {
        return database.inTransaction(c -> {
            try (PreparedStatement st = c.prepareStatement(sql)) {
                binder.bind(st);
                return st.executeUpdate();
            }
        });
    }

    private static String key(SessionId id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(id.value().getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

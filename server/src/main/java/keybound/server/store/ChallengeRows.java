package keybound.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import keybound.logon.challenge.LogonChallenge;
import keybound.logon.challenge.Nonce;

/** Outstanding signed-challenge nonces in {@code logon_challenge}: the origin and expiry; the nonce only hashed. */
final class ChallengeRows implements OneTimeRows<Nonce, LogonChallenge> {

    @Override
    public String table() {
        return "logon_challenge";
    }

    @Override
    public String keyColumn() {
        return "nonce_sha256";
    }

    @Override
    public String token(Nonce key) {
        return key.value();
    }

    @Override
    public List<String> columns() {
        return List.of("origin");
    }

    @Override
    public void bind(PreparedStatement statement, int first, LogonChallenge value) throws SQLException {
        statement.setString(first, value.origin());
    }

    @Override
    public LogonChallenge read(Nonce key, ResultSet row) throws SQLException {
        return new LogonChallenge(key, row.getString(1), Instant.ofEpochMilli(row.getLong(2)));
    }
}

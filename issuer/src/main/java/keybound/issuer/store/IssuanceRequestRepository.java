package keybound.issuer.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import keybound.issuer.enrollment.RequestId;

/** Which certificate answered which client request id (idempotent acquisition, renewal and migration). */
public final class IssuanceRequestRepository {

    /** Records {@code id} as answered by {@code serial}; the primary key makes a second answer fail. */
    public void insert(Connection c, RequestId id, String serial, Instant at) throws SQLException {
        try (var s = c.prepareStatement("INSERT INTO issuance_request (request_id, serial, received_at) VALUES (?, ?, ?)")) {
            s.setString(1, id.value());
            s.setString(2, serial);
            Sql.setInstant(s, 3, at);
            s.executeUpdate();
        }
    }

    /** The serial of the certificate that answered {@code id}, if it was answered. */
    public Optional<String> serial(Connection c, RequestId id) throws SQLException {
        try (var s = c.prepareStatement("SELECT serial FROM issuance_request WHERE request_id = ?")) {
            s.setString(1, id.value());
            try (var rows = s.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }
}

package keybound.issuer.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Optional;

/**
 * The shared state of one CA's CRL: the CRL number and revocation count (one {@code ca_counter} row, locked by
 * whoever signs a new CRL, so two CRLs never share a number) and the latest CRL itself
 * ({@code crl_current}), which every node on the database serves. Row 1 is the issuing CA's CRL,
 * row 2 the root's (which covers the issuing CA).
 */
public final class CrlStore {

    private final int row;

    private CrlStore(int row) {
        this.row = row;
    }

    /** The CRL of the CA that issues customer certificates. */
    public static CrlStore issuing() {
        return new CrlStore(1);
    }

    /** The root's CRL, covering the CA certificates it signed. */
    public static CrlStore root() {
        return new CrlStore(2);
    }

    /** The counters as read under the row lock: the last CRL number used and the revocations so far. */
    public record Counters(long crlNumber, long revocations) {
    }

    /** Counts one revocation: the published CRL no longer covers everything. */
    void revoked(Connection c) throws SQLException {
        try (var s = c.prepareStatement("UPDATE ca_counter SET revocations = revocations + 1 WHERE id = ?")) {
            s.setInt(1, row);
            s.executeUpdate();
        }
    }

    /** The revocations so far, without a lock. */
    public long revocations(Connection c) throws SQLException {
        try (var s = c.prepareStatement("SELECT revocations FROM ca_counter WHERE id = ?")) {
            s.setInt(1, row);
            try (var rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Locks the counter row until the transaction ends and reads it. */
    public Counters lock(Connection c) throws SQLException {
        try (var s = c.prepareStatement("SELECT crl_number, revocations FROM ca_counter WHERE id = ? FOR UPDATE")) {
            s.setInt(1, row);
            try (var rows = s.executeQuery()) {
                rows.next();
                return new Counters(rows.getLong(1), rows.getLong(2));
            }
        }
    }

    public Optional<PublishedCrl> latest(Connection c) throws SQLException {
        try (var s = c.prepareStatement("SELECT crl_number, revocations, this_update, next_update, der_base64 "
                + "FROM crl_current WHERE id = ?")) {
            s.setInt(1, row);
            try (var rows = s.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new PublishedCrl(rows.getLong("crl_number"), rows.getLong("revocations"),
                        Sql.getInstant(rows, "this_update"), Sql.getInstant(rows, "next_update"),
                        Base64.getDecoder().decode(rows.getString("der_base64"))));
            }
        }
    }

    /** Records {@code crl} as the one every node serves; the caller holds the lock from {@link #lock}. */
    public void publish(Connection c, PublishedCrl crl) throws SQLException {
        try (var s = c.prepareStatement("UPDATE ca_counter SET crl_number = ? WHERE id = ?")) {
            s.setLong(1, crl.number());
            s.setInt(2, row);
            s.executeUpdate();
        }
        try (var s = c.prepareStatement("DELETE FROM crl_current WHERE id = ?")) {
            s.setInt(1, row);
            s.executeUpdate();
        }
        try (var s = c.prepareStatement("INSERT INTO crl_current (id, crl_number, revocations, this_update, next_update, "
                + "der_base64) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setInt(1, row);
            s.setLong(2, crl.number());
            s.setLong(3, crl.revocations());
            Sql.setInstant(s, 4, crl.thisUpdate());
            Sql.setInstant(s, 5, crl.nextUpdate());
            s.setString(6, Base64.getEncoder().encodeToString(crl.der()));
            s.executeUpdate();
        }
    }
}

package keybound.issuer.store;

import java.sql.Connection;
import java.sql.SQLException;

/** The CRL number: incremented under a row lock so each CRL gets its own, increasing number. */
public final class CrlCounter {

    public long next(Connection c) throws SQLException {
        try (var s = c.prepareStatement("UPDATE ca_counter SET crl_number = crl_number + 1 WHERE id = 1")) {
            s.executeUpdate();
        }
        try (var s = c.prepareStatement("SELECT crl_number FROM ca_counter WHERE id = 1"); var rows = s.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}

package keybound.issuer.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Counts the stored secret verifiers of every contract and user by the version each was made with. */
public final class VerifierCensus {

    private static final String[] QUERIES = {
        "SELECT confirmation_password_hash, contract_pin_hash, confirmation_pin_hash FROM contract",
        "SELECT user_pin_hash, user_confirmation_pin_hash FROM contract_user",
    };

    /** Verifier counts by {@code version} of each stored verifier, in version order. */
    public Map<String, Long> count(Connection c, Function<String, String> version) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        for (String query : QUERIES) {
            try (var s = c.prepareStatement(query); ResultSet rows = s.executeQuery()) {
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    for (int i = 1; i <= columns; i++) {
                        counts.merge(version.apply(rows.getString(i)), 1L, Long::sum);
                    }
                }
            }
        }
        return counts;
    }
}

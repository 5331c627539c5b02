package keybound.issuer.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.ContractUser;
import keybound.issuer.contract.UserId;
import keybound.issuer.contract.UserSecret;
import keybound.issuer.contract.UserStatus;

/** Users under contracts: status, failure counter, secret hashes and the certificate authorisation. */
public final class UserRepository {

    private static final String COLUMNS = "contract_id, user_id, status, failures, authorisation_expires";

    public void insert(Connection c, ContractId contract, UserId user, String userPinHash, String confirmationPinHash)
            throws SQLException {
        try (var s = c.prepareStatement("INSERT INTO contract_user (contract_id, user_id, status, user_pin_hash, "
                + "user_confirmation_pin_hash, failures) VALUES (?, ?, 'ACTIVE', ?, ?, 0)")) {
            s.setString(1, contract.value());
            s.setString(2, user.value());
            s.setString(3, userPinHash);
            s.setString(4, confirmationPinHash);
            s.executeUpdate();
        }
    }

    public Optional<ContractUser> find(Connection c, ContractId contract, UserId user) throws SQLException {
        try (var s = c.prepareStatement("SELECT " + COLUMNS + " FROM contract_user WHERE contract_id = ? AND user_id = ?")) {
            s.setString(1, contract.value());
            s.setString(2, user.value());
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        }
    }

    public List<ContractUser> list(Connection c, ContractId contract) throws SQLException {
        try (var s = c.prepareStatement("SELECT " + COLUMNS + " FROM contract_user WHERE contract_id = ? ORDER BY user_id")) {
            s.setString(1, contract.value());
            try (ResultSet rows = s.executeQuery()) {
                List<ContractUser> users = new ArrayList<>();
                while (rows.next()) {
                    users.add(read(rows));
                }
                return users;
            }
        }
    }

    public int count(Connection c, ContractId contract) throws SQLException {
        try (var s = c.prepareStatement("SELECT COUNT(*) FROM contract_user WHERE contract_id = ?")) {
            s.setString(1, contract.value());
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** The hashes of several of the user's secrets, read in one statement. */
    public Map<UserSecret, String> secretHashes(Connection c, ContractId contract, UserId user,
                                                          List<UserSecret> secrets) throws SQLException {
        String columns = String.join(", ", secrets.stream().map(UserSecret::column).toList());
        try (var s = c.prepareStatement("SELECT " + columns + " FROM contract_user WHERE contract_id = ? AND user_id = ?")) {
            s.setString(1, contract.value());
            s.setString(2, user.value());
            try (ResultSet rows = s.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException("no user row");
                }
                Map<UserSecret, String> out = new EnumMap<>(UserSecret.class);
                for (int i = 0; i < secrets.size(); i++) {
                    out.put(secrets.get(i), rows.getString(i + 1));
                }
                return out;
            }
        }
    }

    /** Like {@code ContractRepository.updateSecretHash}: replaces the verifier only if it is still {@code expected}. */
    public boolean updateSecretHash(Connection c, ContractId contract, UserId user, UserSecret secret, String expected,
                                    String hash) throws SQLException {
        try (var s = c.prepareStatement("UPDATE contract_user SET " + secret.column() + " = ? WHERE contract_id = ? "
                + "AND user_id = ? AND " + secret.column() + " = ?")) {
            s.setString(1, hash);
            s.setString(2, contract.value());
            s.setString(3, user.value());
            s.setString(4, expected);
            return s.executeUpdate() == 1;
        }
    }

    /** Counts one wrong secret and locks the user at {@code threshold}, in one conditional UPDATE. */
    public ContractUser recordFailure(Connection c, ContractId contract, UserId user, int threshold) throws SQLException {
        try (var s = c.prepareStatement("UPDATE contract_user SET failures = failures + 1, status = CASE WHEN failures + 1 >= ? "
                + "THEN 'LOCKED' ELSE status END WHERE contract_id = ? AND user_id = ? AND status = 'ACTIVE'")) {
            s.setInt(1, threshold);
            s.setString(2, contract.value());
            s.setString(3, user.value());
            s.executeUpdate();
        }
        return find(c, contract, user).orElseThrow();
    }

    public void resetFailures(Connection c, ContractId contract, UserId user) throws SQLException {
        update(c, "UPDATE contract_user SET failures = 0 WHERE contract_id = ? AND user_id = ? AND failures <> 0", contract, user);
    }

    public boolean unlock(Connection c, ContractId contract, UserId user) throws SQLException {
        return update(c, "UPDATE contract_user SET status = 'ACTIVE', failures = 0 WHERE contract_id = ? AND user_id = ? "
                + "AND status = 'LOCKED'", contract, user) == 1;
    }

    /**
     * Replaces the user's ト and チ hashes and clears the failure counter, unless the user is
     * locked (only the bank unlocks). Returns false if nothing changed.
     */
    public boolean resetSecrets(Connection c, ContractId contract, UserId user, String userPinHash, String confirmationPinHash)
            throws SQLException {
        try (var s = c.prepareStatement("UPDATE contract_user SET user_pin_hash = ?, user_confirmation_pin_hash = ?, "
                + "failures = 0 WHERE contract_id = ? AND user_id = ? AND status <> 'LOCKED'")) {
            s.setString(1, userPinHash);
            s.setString(2, confirmationPinHash);
            s.setString(3, contract.value());
            s.setString(4, user.value());
            return s.executeUpdate() == 1;
        }
    }

    /** ACTIVE → SUSPENDED; false if the user was not active. */
    public boolean suspend(Connection c, ContractId contract, UserId user) throws SQLException {
        return update(c, "UPDATE contract_user SET status = 'SUSPENDED' WHERE contract_id = ? AND user_id = ? "
                + "AND status = 'ACTIVE'", contract, user) == 1;
    }

    /** SUSPENDED → ACTIVE; false if the user was not suspended. */
    public boolean resume(Connection c, ContractId contract, UserId user) throws SQLException {
        return update(c, "UPDATE contract_user SET status = 'ACTIVE' WHERE contract_id = ? AND user_id = ? "
                + "AND status = 'SUSPENDED'", contract, user) == 1;
    }

    public void authorise(Connection c, ContractId contract, UserId user, Instant expires) throws SQLException {
        try (var s = c.prepareStatement("UPDATE contract_user SET authorisation_expires = ? WHERE contract_id = ? AND user_id = ?")) {
            Sql.setInstant(s, 1, expires);
            s.setString(2, contract.value());
            s.setString(3, user.value());
            s.executeUpdate();
        }
    }

    /**
     * Uses up the user's certificate authorisation if it is still open at {@code now}: one
     * conditional UPDATE, so two concurrent acquisitions cannot both consume it.
     */
    public boolean consumeAuthorisation(Connection c, ContractId contract, UserId user, Instant now) throws SQLException {
        try (var s = c.prepareStatement("UPDATE contract_user SET authorisation_expires = NULL WHERE contract_id = ? "
                + "AND user_id = ? AND authorisation_expires > ?")) {
            s.setString(1, contract.value());
            s.setString(2, user.value());
            Sql.setInstant(s, 3, now);
            return s.executeUpdate() == 1;
        }
    }

    private static int update(Connection c, String sql, ContractId contract, UserId user) throws SQLException {
        try (var s = c.prepareStatement(sql)) {
            s.setString(1, contract.value());
            s.setString(2, user.value());
            return s.executeUpdate();
        }
    }

    private static ContractUser read(ResultSet rows) throws SQLException {
        return new ContractUser(new ContractId(rows.getString("contract_id")), new UserId(rows.getString("user_id")),
                UserStatus.valueOf(rows.getString("status")), rows.getInt("failures"),
                Optional.ofNullable(Sql.getInstant(rows, "authorisation_expires")));
    }
}

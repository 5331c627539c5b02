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
import keybound.issuer.contract.BankCode;
import keybound.issuer.contract.Contract;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.ContractSecret;
import keybound.issuer.contract.ContractStatus;

/** Contracts: status, failure counter, secret hashes and the sealed customer card. */
public final class ContractRepository {

    private static final String COLUMNS = "contract_id, bank_code, status, application_date, failures";

    public void insert(Connection c, ContractId id, BankCode bank, Instant applicationDate,
                       Map<ContractSecret, String> hashes, String cardSealed) throws SQLException {
        try (var s = c.prepareStatement("INSERT INTO contract (contract_id, bank_code, status, application_date, "
                + "confirmation_password_hash, contract_pin_hash, confirmation_pin_hash, card_sealed, failures) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)")) {
            s.setString(1, id.value());
            s.setString(2, bank.value());
            s.setString(3, ContractStatus.OPEN.name());
            Sql.setInstant(s, 4, applicationDate);
            s.setString(5, hashes.get(ContractSecret.CONFIRMATION_PASSWORD));
            s.setString(6, hashes.get(ContractSecret.CONTRACT_PIN));
            s.setString(7, hashes.get(ContractSecret.CONFIRMATION_PIN));
            s.setString(8, cardSealed);
            s.executeUpdate();
        }
    }

    public boolean exists(Connection c, ContractId id) throws SQLException {
        return find(c, id).isPresent();
    }

    public Optional<Contract> find(Connection c, ContractId id) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM contract WHERE contract_id = ?", id);
    }

    /** Reads the contract and holds its row lock until the transaction ends. */
    public Optional<Contract> lock(Connection c, ContractId id) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM contract WHERE contract_id = ? FOR UPDATE", id);
    }

    /** The hashes of several secrets, read in one statement. */
    public Map<ContractSecret, String> secretHashes(Connection c, ContractId id, List<ContractSecret> secrets)
            throws SQLException {
        String columns = String.join(", ", secrets.stream().map(ContractSecret::column).toList());
        try (var s = c.prepareStatement("SELECT " + columns + " FROM contract WHERE contract_id = ?")) {
            s.setString(1, id.value());
            try (ResultSet rows = s.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException("no contract row");
                }
                Map<ContractSecret, String> out = new EnumMap<>(ContractSecret.class);
                for (int i = 0; i < secrets.size(); i++) {
                    out.put(secrets.get(i), rows.getString(i + 1));
                }
                return out;
            }
        }
    }

    /**
     * Replaces one secret's verifier if it is still {@code expected} (re-keying after a right
     * answer must not undo a change made meanwhile); whether it was replaced.
     */
    public boolean updateSecretHash(Connection c, ContractId id, ContractSecret secret, String expected, String hash)
            throws SQLException {
        try (var s = c.prepareStatement("UPDATE contract SET " + secret.column() + " = ? WHERE contract_id = ? AND "
                + secret.column() + " = ?")) {
            s.setString(1, hash);
            s.setString(2, id.value());
            s.setString(3, expected);
            return s.executeUpdate() == 1;
        }
    }

    public String cardSealed(Connection c, ContractId id) throws SQLException {
        return string(c, "SELECT card_sealed FROM contract WHERE contract_id = ?", id);
    }

    /** A contract's sealed values: its card, and its TOTP seed if one is enrolled (null otherwise). */
    public record SealedValues(ContractId contract, String card, String totp) {
    }

    /** Every contract's sealed values, in contract order. */
    public List<SealedValues> sealedValues(Connection c) throws SQLException {
        try (var s = c.prepareStatement("SELECT contract_id, card_sealed, totp_sealed FROM contract ORDER BY contract_id");
             ResultSet rows = s.executeQuery()) {
            List<SealedValues> all = new ArrayList<>();
            while (rows.next()) {
                all.add(new SealedValues(new ContractId(rows.getString(1)), rows.getString(2), rows.getString(3)));
            }
            return all;
        }
    }

    /** Replaces the sealed card if it is still {@code expected} (another node may have resealed it first). */
    public boolean replaceCardSealed(Connection c, ContractId id, String expected, String fresh) throws SQLException {
        return replace(c, "card_sealed", id, expected, fresh);
    }

    /** Replaces the sealed TOTP seed if it is still {@code expected} (not resealed, re-enrolled or removed meanwhile). */
    public boolean replaceTotpSealed(Connection c, ContractId id, String expected, String fresh) throws SQLException {
        return replace(c, "totp_sealed", id, expected, fresh);
    }

    private static boolean replace(Connection c, String column, ContractId id, String expected, String fresh)
            throws SQLException {
        try (var s = c.prepareStatement("UPDATE contract SET " + column + " = ? WHERE contract_id = ? AND " + column + " = ?")) {
            s.setString(1, fresh);
            s.setString(2, id.value());
            s.setString(3, expected);
            return s.executeUpdate() == 1;
        }
    }

    /** The sealed TOTP seed, if the administrator enrolled one. */
    public Optional<String> totpSealed(Connection c, ContractId id) throws SQLException {
        try (var s = c.prepareStatement("SELECT totp_sealed FROM contract WHERE contract_id = ?")) {
            s.setString(1, id.value());
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
            }
        }
    }

    /** Stores (or, with null, removes) the sealed TOTP seed; the last accepted step stays, so old codes stay spent. */
    public boolean setTotpSealed(Connection c, ContractId id, String sealed) throws SQLException {
        try (var s = c.prepareStatement("UPDATE contract SET totp_sealed = ? WHERE contract_id = ?"
                + (sealed == null ? " AND totp_sealed IS NOT NULL" : ""))) {
            s.setString(1, sealed);
            s.setString(2, id.value());
            return s.executeUpdate() == 1;
        }
    }

    /**
     * Records {@code step} as the last accepted TOTP time step if it is later than the one stored:
     * one conditional UPDATE, so of concurrent calls with the same step exactly one wins.
     */
    public boolean advanceTotpStep(Connection c, ContractId id, long step) throws SQLException {
        try (var s = c.prepareStatement("UPDATE contract SET totp_last_step = ? WHERE contract_id = ? "
                + "AND totp_sealed IS NOT NULL AND (totp_last_step IS NULL OR totp_last_step < ?)")) {
            s.setLong(1, step);
            s.setString(2, id.value());
            s.setLong(3, step);
            return s.executeUpdate() == 1;
        }
    }

    /**
     * Counts one wrong secret, and locks the contract when the count reaches {@code threshold}, in
     * one conditional UPDATE (so concurrent failures cannot both slip under the threshold).
     */
    public Contract recordFailure(Connection c, ContractId id, int threshold) throws SQLException {
        try (var s = c.prepareStatement("UPDATE contract SET failures = failures + 1, status = CASE WHEN failures + 1 >= ? "
                + "THEN 'LOCKED' ELSE status END WHERE contract_id = ? AND status = 'OPEN'")) {
            s.setInt(1, threshold);
            s.setString(2, id.value());
            s.executeUpdate();
        }
        return find(c, id).orElseThrow();
    }

    public void resetFailures(Connection c, ContractId id) throws SQLException {
        try (var s = c.prepareStatement("UPDATE contract SET failures = 0 WHERE contract_id = ? AND status = 'OPEN' AND failures <> 0")) {
            s.setString(1, id.value());
            s.executeUpdate();
        }
    }

    /** LOCKED → OPEN with the counter cleared; false if the contract was not locked. */
    public boolean unlock(Connection c, ContractId id) throws SQLException {
        try (var s = c.prepareStatement("UPDATE contract SET status = 'OPEN', failures = 0 WHERE contract_id = ? AND status = 'LOCKED'")) {
            s.setString(1, id.value());
            return s.executeUpdate() == 1;
        }
    }

    public boolean close(Connection c, ContractId id, Instant at) throws SQLException {
        try (var s = c.prepareStatement("UPDATE contract SET status = 'CLOSED', closed_at = ? WHERE contract_id = ? AND status <> 'CLOSED'")) {
            Sql.setInstant(s, 1, at);
            s.setString(2, id.value());
            return s.executeUpdate() == 1;
        }
    }

    private Optional<Contract> query(Connection c, String sql, ContractId id) throws SQLException {
        try (var s = c.prepareStatement(sql)) {
            s.setString(1, id.value());
            try (ResultSet rows = s.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Contract(new ContractId(rows.getString("contract_id")),
                        new BankCode(rows.getString("bank_code").trim()), ContractStatus.valueOf(rows.getString("status")),
                        Sql.getInstant(rows, "application_date"), rows.getInt("failures")));
            }
        }
    }

    private String string(Connection c, String sql, ContractId id) throws SQLException {
        try (var s = c.prepareStatement(sql)) {
            s.setString(1, id.value());
            try (ResultSet rows = s.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException("no contract row");
                }
                return rows.getString(1);
            }
        }
    }
}

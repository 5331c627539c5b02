package keybound.issuer.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import keybound.issuer.contract.Bank;
import keybound.issuer.contract.BankCode;
import keybound.issuer.policy.AttestationPolicy;

/** Banks the CA serves. */
public final class BankRepository {

    public void insert(Connection c, Bank bank) throws SQLException {
        try (var s = c.prepareStatement("INSERT INTO bank (code, name, attestation_policy) VALUES (?, ?, ?)")) {
            s.setString(1, bank.code().value());
            s.setString(2, bank.name());
            s.setString(3, bank.attestationPolicy().name());
            s.executeUpdate();
        }
    }

    public Optional<Bank> find(Connection c, BankCode code) throws SQLException {
        try (var s = c.prepareStatement("SELECT code, name, attestation_policy FROM bank WHERE code = ?")) {
            s.setString(1, code.value());
            try (var rows = s.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Bank(new BankCode(rows.getString(1).trim()), rows.getString(2),
                        AttestationPolicy.valueOf(rows.getString(3))));
            }
        }
    }
}

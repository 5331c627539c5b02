package keybound.issuer.policy;

import java.util.Optional;
import keybound.issuer.contract.BankCode;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.UserId;

/**
 * The subject CN the issuer sets, whatever the CSR asked for (manual I-2):
 * administrator CN = A + bank code; user CN = A + ニ + bank code (plain concatenation, no
 * separator). The split back is unambiguous because A has the configured fixed length, the bank
 * code is always the last 4 digits and ニ is letters and digits only.
 */
public final class CommonNameRule {

    private final int contractIdLength;

    public CommonNameRule(int contractIdLength) {
        this.contractIdLength = contractIdLength;
    }

    public String administrator(ContractId contract, BankCode bank) {
        return contract.value() + bank.value();
    }

    public String user(ContractId contract, UserId user, BankCode bank) {
        return contract.value() + user.value() + bank.value();
    }

    /** Splits a CN made by this rule, or empty if it is not one. */
    public Optional<Parsed> parse(String cn) {
        if (cn == null || cn.length() < contractIdLength + 4 || !cn.matches("[A-Za-z0-9]+")) {
            return Optional.empty();
        }
        String a = cn.substring(0, contractIdLength);
        String middle = cn.substring(contractIdLength, cn.length() - 4);
        String bank = cn.substring(cn.length() - 4);
        if (!a.matches("[0-9]+") || !bank.matches("[0-9]{4}")) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(new ContractId(a),
                middle.isEmpty() ? Optional.empty() : Optional.of(new UserId(middle)), new BankCode(bank)));
    }

    public record Parsed(ContractId contract, Optional<UserId> user, BankCode bank) {
    }
}

package keybound.issuer.contract;

import keybound.issuer.refusal.InvalidRequestException;

/** The contract ID (A, 利用者番号): decimal digits, of the length the issuer is configured for. */
public record ContractId(String value) {
    public ContractId {
        if (value == null || !value.matches("[0-9]{6,20}")) {
            throw new InvalidRequestException("a contract ID is 6 to 20 digits");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}

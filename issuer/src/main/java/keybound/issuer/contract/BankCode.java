package keybound.issuer.contract;

import keybound.issuer.refusal.InvalidRequestException;

/** The bank's 4-digit code (金庫コード). */
public record BankCode(String value) {
    public BankCode {
        if (value == null || !value.matches("[0-9]{4}")) {
            throw new InvalidRequestException("a bank code is 4 digits");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}

package keybound.issuer.contract;

import keybound.issuer.refusal.InvalidRequestException;

/**
 * The user ID (ニ), chosen by the administrator: 1 to 16 ASCII letters or digits. Restricting it
 * to letters and digits keeps the user CN (A + ニ + bank code) unambiguous: A has a fixed length
 * and the bank code is always the last 4 digits.
 */
public record UserId(String value) {
    public UserId {
        if (value == null || !value.matches("[A-Za-z0-9]{1,16}")) {
            throw new InvalidRequestException("a user ID is 1 to 16 ASCII letters or digits");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}

package keybound.cli.station;

import keybound.cli.Secrets;
import keybound.token.Secret;

/**
 * The manual's secrets as the station asks for them: one name (its variable is
 * {@code KEYBOUND_<NAME>}) and one prompt each, so that every command asks the same way.
 */
enum BankSecret {
    CONTRACT_ID("contract-id", "Contract ID (A, 利用者番号)"),
    CONTRACT_PIN("contract-pin", "Contract PIN (イ, ご契約先暗証番号)"),
    CONFIRMATION_PIN("confirmation-pin", "Contract confirmation PIN (ロ, ご契約先確認暗証番号)"),
    USER_ID("user-id", "User ID (ニ, 利用者ID)"),
    USER_PIN("user-pin", "User PIN (ト, 利用者暗証番号)"),
    USER_CONFIRMATION_PIN("user-confirmation-pin", "User confirmation PIN (チ, 利用者確認暗証番号)");

    private final String name;
    private final String prompt;

    BankSecret(String name, String prompt) {
        this.name = name;
        this.prompt = prompt;
    }

    Secret read(Secrets secrets) {
        return secrets.read(name, prompt);
    }

    /** For the identifiers handed over with the secrets (A, ニ). */
    String readIdentifier(Secrets secrets) {
        return secrets.readIdentifier(name, prompt);
    }

    /** One cell of the customer card (お客様カード), e.g. {@code C4}: variable {@code KEYBOUND_CARD_C4}. */
    static Secret cardCell(Secrets secrets, String cell) {
        return secrets.read("card-" + cell, "Customer card (お客様カード), cell " + cell);
    }
}

package keybound.issuer.contract;

/** The contract's own secrets, by the manual's labels. */
public enum ContractSecret {
    /** B, 確認用パスワード: ID/password logon. */
    CONFIRMATION_PASSWORD("B", "confirmation_password_hash"),
    /** イ, ご契約先暗証番号: administrator logon and acquisition. */
    CONTRACT_PIN("イ", "contract_pin_hash"),
    /** ロ, ご契約先確認暗証番号: administrator acquisition and user authorisation. */
    CONFIRMATION_PIN("ロ", "confirmation_pin_hash");

    private final String label;
    private final String column;

    ContractSecret(String label, String column) {
        this.label = label;
        this.column = column;
    }

    public String label() {
        return label;
    }

    /** The registry column holding its hash (a constant, never user input). */
    public String column() {
        return column;
    }
}

package keybound.issuer.contract;

/** A user's secrets, by the manual's labels. */
public enum UserSecret {
    /** ト, 利用者暗証番号: user logon and acquisition. */
    USER_PIN("ト", "user_pin_hash"),
    /** チ, 利用者確認暗証番号: user acquisition. */
    USER_CONFIRMATION_PIN("チ", "user_confirmation_pin_hash");

    private final String label;
    private final String column;

    UserSecret(String label, String column) {
        this.label = label;
        this.column = column;
    }

    public String label() {
        return label;
    }

    public String column() {
        return column;
    }
}

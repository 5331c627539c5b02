package keybound.logon;

/** The bank's account secrets that logon checks, with the manual's labels. */
public enum SecretKind {
    /** B, 確認用パスワード: the administrator's password for the ID/password method. */
    CONFIRMATION_PASSWORD("B"),
    /** イ, ご契約先暗証番号: the administrator's PIN at every logon. */
    CONTRACT_PIN("イ"),
    /** ト, 利用者暗証番号: a user's PIN at logon. */
    USER_PIN("ト");

    private final String manualLabel;

    SecretKind(String manualLabel) {
        this.manualLabel = manualLabel;
    }

    /** The label the bank's manual uses for this secret. */
    public String manualLabel() {
        return manualLabel;
    }
}

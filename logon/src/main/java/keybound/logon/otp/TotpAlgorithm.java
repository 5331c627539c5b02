package keybound.logon.otp;

/** The HMAC behind a TOTP code (RFC 6238 §1.2); authenticator apps use SHA-1. */
public enum TotpAlgorithm {
    SHA1("HmacSHA1"),
    SHA256("HmacSHA256"),
    SHA512("HmacSHA512");

    private final String macName;

    TotpAlgorithm(String macName) {
        this.macName = macName;
    }

    public String macName() {
        return macName;
    }
}

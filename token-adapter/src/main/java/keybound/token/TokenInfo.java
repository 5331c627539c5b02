package keybound.token;


import java.util.Locale;
/** What a token says about itself. Serial and model are as the token reports them. */
public record TokenInfo(TokenKind kind, String label, String serial, String model,
                        String manufacturer, PinState pinState) {

    /** A short human-readable name, e.g. {@code "pkcs11:alice-token (serial 6a1c...)"}. */
    public String displayName() {
        return kind.name().toLowerCase(Locale.ROOT) + ":" + label + " (serial " + serial + ")";
    }
}

package keybound.token;

/** The token has no room for another key or certificate. */
public final class TokenFullException extends TokenException {
    public TokenFullException(String message) {
        super(message);
    }
}

package keybound.token;

/** No token with the given label or serial is present (removed, or never there). */
public final class TokenNotPresentException extends TokenException {
    public TokenNotPresentException(String message) {
        super(message);
    }

    public TokenNotPresentException(String message, Throwable cause) {
        super(message, cause);
    }
}

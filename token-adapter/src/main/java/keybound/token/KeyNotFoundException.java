package keybound.token;

/** The named key is not on the token. */
public final class KeyNotFoundException extends TokenException {
    public KeyNotFoundException(String message) {
        super(message);
    }
}

package keybound.token;

/**
 * Everything that can go wrong at the token seam. Each cause is its own type so that callers
 * (and the HTTP and CLI edges) can say exactly what happened. Messages never contain a PIN, and
 * device codes appear by name (CKR_..., SW 6A82), never as a bare number.
 */
public abstract sealed class TokenException extends RuntimeException
        permits WrongPinException, PinLockedException, TokenNotPresentException, ModuleNotFoundException,
        KeyNotFoundException, MechanismUnsupportedException, TokenFullException, TokenDeviceException {

    protected TokenException(String message) {
        super(message);
    }

    protected TokenException(String message, Throwable cause) {
        super(message, cause);
    }
}

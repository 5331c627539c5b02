package keybound.issuer;

/** The contract has no user with this user ID (ニ). */
public final class UnknownUserException extends IssuerException {
    public UnknownUserException(String message) {
        super(message);
    }
}

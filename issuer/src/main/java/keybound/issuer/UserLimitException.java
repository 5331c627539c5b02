package keybound.issuer;

/** The contract already holds the maximum number of users. */
public final class UserLimitException extends IssuerException {
    public UserLimitException(String message) {
        super(message);
    }
}

package keybound.issuer;

/** A request field is malformed (contract ID, user ID, expiry, …). */
public final class InvalidRequestException extends IssuerException {
    public InvalidRequestException(String message) {
        super(message);
    }
}

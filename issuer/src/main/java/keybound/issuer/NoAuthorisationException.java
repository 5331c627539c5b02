package keybound.issuer;

/** The user holds no open certificate authorisation (none issued, expired, or already used). */
public final class NoAuthorisationException extends IssuerException {
    public NoAuthorisationException(String message) {
        super(message);
    }
}

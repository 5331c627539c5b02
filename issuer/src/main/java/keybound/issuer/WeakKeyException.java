package keybound.issuer;

/** The CSR's key is neither EC P-256 nor RSA of at least 2048 bits. */
public final class WeakKeyException extends IssuerException {
    public WeakKeyException(String message) {
        super(message);
    }
}

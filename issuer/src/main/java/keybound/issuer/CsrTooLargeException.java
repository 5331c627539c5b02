package keybound.issuer;

/** The CSR is larger than the configured limit; refused before parsing. */
public final class CsrTooLargeException extends IssuerException {
    public CsrTooLargeException(String message) {
        super(message);
    }
}

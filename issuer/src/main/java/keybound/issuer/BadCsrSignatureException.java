package keybound.issuer;

/** The CSR's signature does not verify with its own key: no proof of possession. */
public final class BadCsrSignatureException extends IssuerException {
    public BadCsrSignatureException(String message) {
        super(message);
    }
}

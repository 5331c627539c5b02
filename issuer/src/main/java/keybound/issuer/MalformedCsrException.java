package keybound.issuer;

/** The CSR is not a DER-encoded PKCS#10 request. */
public final class MalformedCsrException extends IssuerException {
    public MalformedCsrException(String message) {
        super(message);
    }
}

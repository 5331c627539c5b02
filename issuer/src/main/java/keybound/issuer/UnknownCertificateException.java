package keybound.issuer;

/** No certificate with this serial was issued by this CA. */
public final class UnknownCertificateException extends IssuerException {
    public UnknownCertificateException(String message) {
        super(message);
    }
}

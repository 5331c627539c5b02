package keybound.issuer.refusal;

import keybound.bankapi.ProblemCode;

/** No certificate with this serial was issued by this CA. */
public final class UnknownCertificateException extends IssuerException {
    public UnknownCertificateException(String message) {
        super(message);
    }

    @Override
    public ProblemCode problem() {
        return ProblemCode.CERTIFICATE_UNKNOWN;
    }
}

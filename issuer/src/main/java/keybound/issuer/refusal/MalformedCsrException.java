package keybound.issuer.refusal;

import keybound.bankapi.ProblemCode;

/** The CSR is not a DER-encoded PKCS#10 request. */
public final class MalformedCsrException extends IssuerException {
    public MalformedCsrException(String message) {
        super(message);
    }

    @Override
    public ProblemCode problem() {
        return ProblemCode.CSR_MALFORMED;
    }
}

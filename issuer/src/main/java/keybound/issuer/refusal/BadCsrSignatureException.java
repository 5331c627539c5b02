package keybound.issuer.refusal;

import keybound.bankapi.ProblemCode;

/** The CSR's signature does not verify with its own key: no proof of possession. */
public final class BadCsrSignatureException extends IssuerException {
    public BadCsrSignatureException(String message) {
        super(message);
    }

    @Override
    public ProblemCode problem() {
        return ProblemCode.CSR_SIGNATURE_INVALID;
    }
}

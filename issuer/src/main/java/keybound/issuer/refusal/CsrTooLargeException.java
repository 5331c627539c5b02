package keybound.issuer.refusal;

import keybound.bankapi.ProblemCode;

/** The CSR is larger than the configured limit; refused before parsing. */
public final class CsrTooLargeException extends IssuerException {
    public CsrTooLargeException(String message) {
        super(message);
    }

    @Override
    public ProblemCode problem() {
        return ProblemCode.CSR_TOO_LARGE;
    }
}

package keybound.issuer.refusal;

import keybound.bankapi.ProblemCode;

/** The CSR's key is neither EC P-256 nor RSA of at least 2048 bits. */
public final class WeakKeyException extends IssuerException {
    public WeakKeyException(String message) {
        super(message);
    }

    @Override
    public ProblemCode problem() {
        return ProblemCode.KEY_TOO_WEAK;
    }
}

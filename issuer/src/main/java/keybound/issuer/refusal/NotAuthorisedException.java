package keybound.issuer.refusal;

import keybound.bankapi.ProblemCode;

/** The caller's administrator certificate is not a current administrator certificate of this contract. */
public final class NotAuthorisedException extends IssuerException {
    public NotAuthorisedException(String message) {
        super(message);
    }

    @Override
    public ProblemCode problem() {
        return ProblemCode.NOT_PERMITTED;
    }
}

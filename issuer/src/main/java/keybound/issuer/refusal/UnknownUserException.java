package keybound.issuer.refusal;

import keybound.bankapi.ProblemCode;

/** The contract has no user with this user ID (ニ). */
public final class UnknownUserException extends IssuerException {
    public UnknownUserException(String message) {
        super(message);
    }

    @Override
    public ProblemCode problem() {
        return ProblemCode.USER_UNKNOWN;
    }
}

package keybound.issuer.refusal;

import keybound.bankapi.ProblemCode;

/** The contract already holds the maximum number of users. */
public final class UserLimitException extends IssuerException {
    public UserLimitException(String message) {
        super(message);
    }

    @Override
    public ProblemCode problem() {
        return ProblemCode.USER_LIMIT_REACHED;
    }
}

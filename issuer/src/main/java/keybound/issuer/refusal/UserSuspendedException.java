package keybound.issuer.refusal;

import keybound.bankapi.ProblemCode;

/** The administrator has suspended this user: no acquisition and no logon until resumed. No secret was checked. */
public final class UserSuspendedException extends IssuerException {
    public UserSuspendedException(String message) {
        super(message);
    }

    @Override
    public ProblemCode problem() {
        return ProblemCode.USER_SUSPENDED;
    }
}

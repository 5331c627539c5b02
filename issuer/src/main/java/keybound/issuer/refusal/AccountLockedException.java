package keybound.issuer.refusal;

import keybound.bankapi.ProblemCode;

/** The contract or user is locked after too many wrong secrets; only the bank can unlock it. No secret was checked. */
public final class AccountLockedException extends IssuerException {
    public AccountLockedException(String message) {
        super(message);
    }

    @Override
    public ProblemCode problem() {
        return ProblemCode.ACCOUNT_LOCKED;
    }
}

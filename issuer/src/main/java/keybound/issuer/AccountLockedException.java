package keybound.issuer;

/** The contract or user is locked after too many wrong secrets; only the bank can unlock it. No secret was checked. */
public final class AccountLockedException extends IssuerException {
    public AccountLockedException(String message) {
        super(message);
    }
}

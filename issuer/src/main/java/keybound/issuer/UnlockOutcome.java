package keybound.issuer;

/**
 * What the bank's unlock of a contract or user did: cleared a lockout, found the account not
 * locked, or found no such account. The last two change nothing, but only the second is fine.
 */
public enum UnlockOutcome {
    UNLOCKED, NOT_LOCKED, UNKNOWN
}

package keybound.logon;

/**
 * Port: the issuer's failure count, for the factors logon checks itself (TOTP codes). The same
 * count {@link SecretChecker} and {@link CustomerCardChecker} keep, so every failed factor counts
 * toward one lockout. Implemented over the issuer by an adapter; safe for concurrent use.
 */
public interface Lockout {

    /** Whether the account is locked now (checked before logon checks a factor itself). */
    boolean isLocked(Account account);

    /**
     * Counts one failure. Answers {@link FactorCheck.Locked} when this failure reached the limit
     * (or the account was already locked), {@link FactorCheck.Rejected} otherwise.
     */
    FactorCheck countFailure(Account account);

    /**
     * Every factor of a logon was right: the count starts again. The checkers never clear it
     * themselves, so a right factor cannot wipe out the failures of another (a locked account
     * stays locked).
     */
    void clearFailures(Account account);
}

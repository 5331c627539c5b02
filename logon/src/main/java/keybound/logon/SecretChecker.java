package keybound.logon;

/**
 * Port: checks one of the bank's account secrets against its stored salted hash, and keeps the
 * issuer's lockout count. Implemented over the issuer by an adapter.
 *
 * <p>Contract, in order:
 * <ol>
 *   <li>A locked account answers {@link FactorCheck.Locked} before anything is hashed or compared.</li>
 *   <li>The value is compared in constant time with the stored hash; an unknown account, or a
 *       secret that does not belong to this kind of account (ト for an administrator), is
 *       {@link FactorCheck.Rejected} and costs the same hash.</li>
 *   <li>Every mismatch counts toward the lockout in the same transaction; the mismatch that
 *       reaches the limit answers {@link FactorCheck.Locked}.</li>
 *   <li>A match leaves the count as it is: logon clears it with {@link Lockout#clearFailures} once
 *       every factor it asked for was right.</li>
 * </ol>
 * The caller owns {@code value} and wipes it; implementations must not keep, log or print it.
 * Implementations must be safe for concurrent use.
 */
public interface SecretChecker {

    FactorCheck check(Account account, SecretKind secret, char[] value);
}

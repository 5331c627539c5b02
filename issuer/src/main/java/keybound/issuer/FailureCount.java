package keybound.issuer;

/**
 * An account's failure count after one more failure was recorded: {@code locked} when this
 * failure reached the threshold or the account was already locked.
 */
public record FailureCount(int failures, boolean locked, int triesLeft) {
}

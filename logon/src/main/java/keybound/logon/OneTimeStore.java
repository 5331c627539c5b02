package keybound.logon;

import java.util.Optional;

/**
 * Holds single-use values (logon challenges, pending logons with their card challenge) until
 * they are consumed. {@link #consume} is the compare-and-set: of any number of concurrent calls
 * with one key, exactly one gets the value and every other gets empty, then and forever after.
 * In a database the DELETE's row count decides: the JDBC store reads the row, then deletes it in
 * the same transaction, and hands the value back only if its own DELETE removed the row.
 *
 * <p>Consuming does not judge expiry: the caller gets the value back and refuses it if expired,
 * so an expired value is used up as well.
 *
 * @param <K> the key, a random token
 * @param <V> the value
 */
public interface OneTimeStore<K, V extends Expiring> {

    /**
     * Stores a value under a fresh key.
     *
     * @throws StoreFullException too many live values are outstanding
     * @throws IllegalStateException the key is already present
     */
    void put(K key, V value);

    /** Removes and returns the value, atomically; empty when absent or already consumed. */
    Optional<V> consume(K key);
}

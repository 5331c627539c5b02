package keybound.logon;

import java.util.function.IntSupplier;

/**
 * How many live values a {@link OneTimeStore} holds at most. Values are handed out before anyone
 * is authenticated, so every store is bounded: when full, it first drops what has expired, and
 * if it is still full the new value is refused.
 */
public record StoreCapacity(int limit) {

    public StoreCapacity {
        if (limit < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
    }

    /**
     * Makes room for one more value or refuses it.
     *
     * @param size the store's current number of values
     * @param sweepExpired drops the expired values
     * @throws StoreFullException still full after the sweep
     */
    public void makeRoom(IntSupplier size, Runnable sweepExpired) {
        if (size.getAsInt() >= limit) {
            sweepExpired.run();
            if (size.getAsInt() >= limit) {
                throw new StoreFullException(limit);
            }
        }
    }
}

package keybound.logon;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@link OneTimeStore} in one process's memory; {@link ConcurrentMap#remove(Object)} is the
 * compare-and-set. Bounded, because challenges are handed out before anyone is authenticated:
 * expired entries are swept when the store is full, and if it is still full the put is refused.
 */
public final class InMemoryOneTimeStore<K, V extends Expiring> implements OneTimeStore<K, V> {

    private final ConcurrentMap<K, V> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final StoreCapacity capacity;

    public InMemoryOneTimeStore(Clock clock, int capacity) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.capacity = new StoreCapacity(capacity);
    }

    @Override
    public void put(K key, V value) {
        Objects.requireNonNull(value, "value");
        capacity.makeRoom(entries::size, () -> purgeExpired(clock.instant()));
        if (entries.putIfAbsent(key, value) != null) {
            throw new IllegalStateException("key already present");
        }
    }

    @Override
    public Optional<V> consume(K key) {
        return Optional.ofNullable(entries.remove(key));
    }

    /** Number of live entries (for tests and metrics). */
    public int size() {
        return entries.size();
    }

    /** Drops every value expired at {@code now}; answers how many (a value consumed meanwhile is not counted). */
    public int purgeExpired(Instant now) {
        int purged = 0;
        for (var entry : entries.entrySet()) {
            if (entry.getValue().expiredAt(now) && entries.remove(entry.getKey(), entry.getValue())) {
                purged++;
            }
        }
        return purged;
    }
}

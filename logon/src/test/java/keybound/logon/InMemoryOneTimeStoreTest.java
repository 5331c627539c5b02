package keybound.logon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import keybound.testkit.clock.MutableClock;
import org.junit.jupiter.api.Test;

class InMemoryOneTimeStoreTest {

    private record Ticket(Instant expiresAt) implements Expiring {
    }

    private final MutableClock clock = MutableClock.atNow();
    private final InMemoryOneTimeStore<String, Ticket> store = new InMemoryOneTimeStore<>(clock, 2);

    @Test
    void consumeGivesTheValueOnce() {
        var ticket = new Ticket(clock.instant().plusSeconds(10));
        store.put("a", ticket);
        assertEquals(ticket, store.consume("a").orElseThrow());
        assertTrue(store.consume("a").isEmpty());
    }

    @Test
    void fullStoreSweepsExpiredEntriesThenRefuses() {
        store.put("a", new Ticket(clock.instant().plusSeconds(10)));
        store.put("b", new Ticket(clock.instant().plusSeconds(20)));
        assertThrows(StoreFullException.class, () -> store.put("c", new Ticket(clock.instant().plusSeconds(30))));
        clock.advance(Duration.ofSeconds(10));
        store.put("c", new Ticket(clock.instant().plusSeconds(30)));
        assertEquals(2, store.size());
        assertTrue(store.consume("a").isEmpty(), "the expired entry was swept");
    }

    @Test
    void aKeyCannotBeOverwritten() {
        store.put("a", new Ticket(clock.instant().plusSeconds(10)));
        assertThrows(IllegalStateException.class, () -> store.put("a", new Ticket(clock.instant().plusSeconds(10))));
    }
}

package keybound.logon.session;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import keybound.logon.RandomToken;

/**
 * A session's identifier: 256 bits, URL-safe. A bearer secret: never log it.
 *
 * <p>The first 64 bits ({@link #orderKey}) are the millisecond of creation (since 2025, which lasts
 * until 2094) followed by 22 random bits, so a database keyed by them appends each new session
 * instead of rewriting a random part of its index; the other 192 bits are random, and they alone
 * make the id unguessable.
 */
public record SessionId(String value) {

    private static final long ORDER_EPOCH_MILLIS = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
    private static final int RANDOM_ORDER_BITS = 22;

    public SessionId {
        if (!RandomToken.wellFormed(value)) {
            throw new IllegalArgumentException("not a session id");
        }
    }

    /** A new id for a session opened at {@code now}. */
    public static SessionId random(SecureRandom random, Instant now) {
        byte[] bytes = new byte[RandomToken.BYTES];
        random.nextBytes(bytes);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long millis = Math.max(0, now.toEpochMilli() - ORDER_EPOCH_MILLIS);
        buffer.putLong(0, millis << RANDOM_ORDER_BITS | buffer.getLong(0) >>> (Long.SIZE - RANDOM_ORDER_BITS));
        return new SessionId(RandomToken.encode(bytes));
    }

    /** Parses client input, empty when it is not shaped like a session id. */
    public static Optional<SessionId> parse(String text) {
        return RandomToken.wellFormed(text) ? Optional.of(new SessionId(text)) : Optional.empty();
    }

    /**
     * The id's first 64 bits: for ids from {@link #random}, increasing with the time of creation.
     * Not secret on its own; a store may key its rows by it (two ids can share it: see {@link SessionStore#save}).
     */
    public long orderKey() {
        return ByteBuffer.wrap(RandomToken.decode(value)).getLong();
    }

    @Override
    public String toString() {
        return "SessionId[hidden]";
    }
}

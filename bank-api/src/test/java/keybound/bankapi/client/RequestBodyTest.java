package keybound.bankapi.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.RecyclerPool;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import keybound.bankapi.BankApi;
import keybound.bankapi.WipingRecyclerPool;
import keybound.bankapi.SecretJson;
import keybound.token.Secret;
import org.junit.jupiter.api.Test;

/** Request bodies with secrets: serialised into an array that is zeroed after the exchange, Jackson's buffers zeroed too. */
class RequestBodyTest {

    private static final String SECRET = "31415926";
    private static final ObjectMapper MAPPER = mapper(new WipingRecyclerPool());

    private static ObjectMapper mapper(RecyclerPool<BufferRecycler> pool) {
        return JsonMapper.builder(JsonFactory.builder().recyclerPool(pool).build()).addModule(SecretJson.module()).build();
    }

    @Test
    void theBodyIsTheJsonUntilClosedThenZeros() {
        RequestBody body = RequestBody.json(MAPPER, new BankApi.ChangeUser("U01", Secret.of(SECRET)));
        byte[] buffer = body.buffer();
        assertEquals("{\"userId\":\"U01\",\"confirmationPin\":\"" + SECRET + "\"}",
                new String(buffer, 0, body.length(), StandardCharsets.UTF_8));

        body.close();
        assertArrayEquals(new byte[buffer.length], buffer);
    }

    @Test
    void theHttpClientIsHandedTheBodyItselfNotACopy() {
        RequestBody body = RequestBody.json(MAPPER, new BankApi.ChangeUser("U01", Secret.of(SECRET)));
        var publisher = body.publisher();
        assertEquals(body.length(), publisher.contentLength());
        List<ByteBuffer> received = new ArrayList<>();
        publisher.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                received.add(item);
            }

            @Override
            public void onError(Throwable throwable) {
                throw new AssertionError(throwable);
            }

            @Override
            public void onComplete() {
            }
        });
        assertEquals(1, received.size());
        assertTrue(text(received.get(0)).contains(SECRET));

        body.close();
        assertFalse(text(received.get(0)).contains(SECRET), "what was sent is wiped with the body");
    }

    @Test
    void aBodyLargerThanTheFirstArrayIsWholeAndWiped() {
        String user = "U".repeat(2000);
        RequestBody body = RequestBody.json(MAPPER, new BankApi.ChangeUser(user, Secret.of(SECRET)));
        assertTrue(new String(body.buffer(), 0, body.length(), StandardCharsets.UTF_8).endsWith(user + "\",\"confirmationPin\":\""
                + SECRET + "\"}"));
        byte[] buffer = body.buffer();
        body.close();
        assertArrayEquals(new byte[buffer.length], buffer);
    }

    @Test
    void jacksonsWorkingBuffersAreZeroedWhenReleased() {
        var wiping = new Recording(new WipingRecyclerPool());
        RequestBody.json(mapper(wiping), new BankApi.ChangeUser("U01", Secret.of(SECRET))).close();
        assertFalse(wiping.recyclers.isEmpty());
        wiping.recyclers.forEach(r -> assertFalse(holdsSecret(r), "a released buffer still holds the secret"));

        // the same check against Jackson's own recycler finds the secret: the check can fail
        var plain = new Recording(new RecyclerPool<>() {
            @Override
            public BufferRecycler acquirePooled() {
                return new BufferRecycler();
            }

            @Override
            public void releasePooled(BufferRecycler pooled) {
            }
        });
        RequestBody.json(mapper(plain), new BankApi.ChangeUser("U01", Secret.of(SECRET))).close();
        assertTrue(plain.recyclers.stream().anyMatch(RequestBodyTest::holdsSecret));
    }

    @Test
    void releasedCharBuffersAreZeroedToo() {
        BufferRecycler recycler = new WipingRecyclerPool().acquirePooled();
        char[] chars = recycler.allocCharBuffer(BufferRecycler.CHAR_TEXT_BUFFER);
        java.util.Arrays.fill(chars, '7');
        recycler.releaseCharBuffer(BufferRecycler.CHAR_TEXT_BUFFER, chars);
        assertArrayEquals(new char[chars.length], chars);
    }

    /** The released encoding buffer is what the recycler hands out next. */
    private static boolean holdsSecret(BufferRecycler recycler) {
        byte[] buffer = recycler.allocByteBuffer(BufferRecycler.BYTE_WRITE_ENCODING_BUFFER);
        return new String(buffer, StandardCharsets.ISO_8859_1).contains(SECRET);
    }

    private static String text(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Keeps every recycler a mapper takes, to look into its buffers afterwards. */
    private static final class Recording implements RecyclerPool<BufferRecycler> {
        private final RecyclerPool<BufferRecycler> pool;
        final List<BufferRecycler> recyclers = new ArrayList<>();

        Recording(RecyclerPool<BufferRecycler> pool) {
            this.pool = pool;
        }

        @Override
        public BufferRecycler acquirePooled() {
            BufferRecycler recycler = pool.acquirePooled();
            recyclers.add(recycler);
            return recycler;
        }

        @Override
        public void releasePooled(BufferRecycler pooled) {
            pool.releasePooled(pooled);
        }
    }
}

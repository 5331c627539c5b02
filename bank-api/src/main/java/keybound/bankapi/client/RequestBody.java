package keybound.bankapi.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A JSON request body that may carry secrets, kept so that every copy made on this side can be
 * wiped: it is serialised straight into an array this object owns (each outgrown array zeroed),
 * the HTTP client is handed that array wrapped, not copied (its own byte-array publisher copies
 * into buffers nobody wipes), and {@link #close()} zeroes it once the exchange is over.
 */
final class RequestBody implements AutoCloseable {

    private static final int INITIAL = 512;

    private byte[] bytes = new byte[INITIAL];
    private int length;

    private RequestBody() {
    }

    /** {@code body} as JSON by {@code mapper} (whose working buffers should be wiped too: {@link keybound.bankapi.WipingRecyclerPool}). */
    static RequestBody json(ObjectMapper mapper, Object body) {
        RequestBody request = new RequestBody();
        try {
            mapper.writeValue(request.new Sink(), body);
        } catch (IOException | RuntimeException e) {
            request.close();
            throw new IllegalStateException("request not serialisable", e);
        }
        return request;
    }

    /** One buffer, the body itself, to each subscriber. */
    HttpRequest.BodyPublisher publisher() {
        Flow.Publisher<ByteBuffer> publisher = subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
            private final AtomicBoolean done = new AtomicBoolean();

            @Override
            public void request(long n) {
                if (n > 0 && done.compareAndSet(false, true)) {
                    subscriber.onNext(ByteBuffer.wrap(bytes, 0, length).asReadOnlyBuffer());
                    subscriber.onComplete();
                }
            }

            @Override
            public void cancel() {
                done.set(true);
            }
        });
        return HttpRequest.BodyPublishers.fromPublisher(publisher, length);
    }

    /** The array holding the body (its first {@link #length()} bytes); for tests. */
    byte[] buffer() {
        return bytes;
    }

    int length() {
        return length;
    }

    @Override
    public void close() {
        Arrays.fill(bytes, (byte) 0);
        length = 0;
    }

    /** Appends to the body, zeroing each array it outgrows. */
    private final class Sink extends OutputStream {
        @Override
        public void write(int b) {
            ensure(1);
            bytes[length++] = (byte) b;
        }

        @Override
        public void write(byte[] source, int offset, int count) {
            ensure(count);
            System.arraycopy(source, offset, bytes, length, count);
            length += count;
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                byte[] larger = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
                Arrays.fill(bytes, (byte) 0);
                bytes = larger;
            }
        }
    }
}

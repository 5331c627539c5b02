package keybound.server.api;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import keybound.bankapi.ProblemCode;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Reads a request body with a hard limit, before anything parses it: a declared length over the
 * limit is refused without reading, and a chunked body is refused as soon as it passes the limit
 * (413 {@code body-too-large} everywhere; {@link #answering} makes sure the client gets it).
 * The body is read as its bytes arrive (Jetty calls back when there are more): no thread waits on
 * a slow client, so clients trickling bodies cannot take every worker thread.
 */
public final class BodyReader {

    /** The most of a body refused by its size that is read on (and dropped) so that its client gets the answer. */
    private static final int DISCARD_LIMIT = 4 << 20;

    private final int limit;

    public BodyReader(int limit) {
        this.limit = limit;
    }

    /**
     * The whole body, read as its bytes arrive (no thread waits for it), due within {@code deadline}:
     * fails with an {@link ApiProblem}, {@link ProblemCode#BODY_TIMEOUT} when late,
     * {@link ProblemCode#BAD_REQUEST} when cut off, or the size refusal.
     */
    public CompletableFuture<byte[]> within(Request request, Duration deadline) {
        // orTimeout completes the reading too, so it stops taking bytes once the deadline passed
        return read(request).orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS).handle((body, failure) -> {
            if (failure == null) {
                return body;
            }
            throw unwrap(failure) instanceof TimeoutException ? new ApiProblem(ProblemCode.BODY_TIMEOUT) : problem(failure);
        });
    }

    /** The problem a failed {@link #within} ended with. */
    public static ApiProblem problem(Throwable failure) {
        return unwrap(failure) instanceof ApiProblem problem ? problem
                : new ApiProblem(ProblemCode.BAD_REQUEST, "The request body was not received in full.");
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /**
     * {@code callback}, or, when {@code failure} is the size refusal, a callback that first reads
     * and discards the rest of the refused body (at most {@link #DISCARD_LIMIT} bytes, within
     * {@code deadline}; nothing is kept) and marks the answer {@code Connection: close}. A client
     * still sending its body then reads the 413 already sent to it, instead of a reset from a
     * connection closed with its bytes unread, which throws away the answer. Past either bound the
     * connection is closed as before. Call before the answer is written.
     */
    public static Callback answering(Request request, Response response, Throwable failure, Duration deadline,
            Callback callback) {
        if (failure == null || problem(failure).code() != ProblemCode.BODY_TOO_LARGE) {
            return callback;
        }
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        if (request.getLength() > DISCARD_LIMIT) {
            return callback; // more than is worth reading: the connection closes on it
        }
        return Callback.from(() -> {
            var discarding = new Discarding(request);
            discarding.run();
            CompletableFuture<?> unused = discarding.done.orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((ignored, late) -> callback.succeeded());
        }, callback::failed);
    }

    /** The whole body; fails with an {@link ApiProblem} when too large, or with the connection's failure. */
    CompletableFuture<byte[]> read(Request request) {
        long declared = request.getLength();
        if (declared > limit) {
            return CompletableFuture.failedFuture(tooLarge());
        }
        var reading = new Reading(request, declared >= 0 ? (int) declared : Math.min(limit, 4096));
        reading.run();
        return reading.result;
    }

    private ApiProblem tooLarge() {
        return new ApiProblem(ProblemCode.BODY_TOO_LARGE, "Request bodies are limited to " + limit + " bytes.");
    }

    /** The rest of a refused body, read and dropped; {@link #run} is also the demand callback. */
    private static final class Discarding implements Runnable {

        private final Request request;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private long discarded;

        Discarding(Request request) {
            this.request = request;
        }

        @Override
        public void run() {
            while (!done.isDone()) { // done early: given up at the deadline
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    done.complete(null);
                    return;
                }
                discarded += chunk.remaining();
                chunk.release();
                if (chunk.isLast() || discarded > DISCARD_LIMIT) {
                    done.complete(null);
                }
            }
        }
    }

    /** One body being read; {@link #run} is also the demand callback, called again when more bytes came. */
    private final class Reading implements Runnable {

        private final Request request;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private byte[] buffer;
        private int length;

        Reading(Request request, int initialCapacity) {
            this.request = request;
            this.buffer = new byte[initialCapacity];
        }

        @Override
        public void run() {
            while (!result.isDone()) { // done early: refused, or given up by the caller's deadline
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    fail(chunk.getFailure());
                    return;
                }
                try {
                    append(chunk.getByteBuffer());
                } finally {
                    chunk.release();
                }
                if (chunk.isLast()) {
                    complete();
                    return;
                }
            }
        }

        private void append(ByteBuffer bytes) {
            int count = bytes.remaining();
            if (count > limit - length) {
                fail(tooLarge());
                return;
            }
            if (length + count > buffer.length) {
                byte[] larger = Arrays.copyOf(buffer, Math.min(limit, Math.max(buffer.length * 2, length + count)));
                Arrays.fill(buffer, (byte) 0);
                buffer = larger;
            }
            bytes.get(buffer, length, count);
            length += count;
        }

        private void complete() {
            byte[] body = length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
            if (body != buffer) {
                Arrays.fill(buffer, (byte) 0);
            }
            if (!result.complete(body)) {
                Arrays.fill(body, (byte) 0);
            }
        }

        private void fail(Throwable failure) {
            Arrays.fill(buffer, (byte) 0);
            result.completeExceptionally(failure);
        }
    }
}

package keybound.server.api;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import keybound.bankapi.ProblemCode;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request body with a hard limit, before anything parses it: a declared length over the
 * limit is refused without reading, and a chunked body is refused as soon as it passes the limit.
 * The body is read as its bytes arrive (Jetty calls back when there are more): no thread waits on
 * a slow client, so clients trickling bodies cannot take every worker thread.
 */
public final class BodyReader {

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

package keybound.credentials;

import java.time.Duration;

/**
 * The bank is checking as many secrets as it may at once and its queue is full (or the wait ran
 * out): this secret was not checked. Nothing about it was decided, so callers must not count it
 * as a wrong answer; the edge answers 503 {@code service-busy} with {@code Retry-After}.
 */
public final class SecretChecksBusyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;

    public SecretChecksBusyException(String message, Duration retryAfter) {
        super(message, null, false, false); // no stack: a flood of these must not cost a stack walk each
        this.retryAfter = retryAfter;
    }

    /** When the client may try again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}

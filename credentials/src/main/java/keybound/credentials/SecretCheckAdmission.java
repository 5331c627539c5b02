package keybound.credentials;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Bounds the expensive secret checks (an Argon2id verification costs its memory, 64 MiB at the
 * shipped cost, and a quarter second of CPU; a token MAC holds a token session): at most
 * {@code concurrent} run at once, at most {@code queued} more wait, each for at most
 * {@code maxWait}. A check that finds the queue full, or waits in vain, is refused with
 * {@link SecretChecksBusyException} without being run. The memory the checks can take is
 * therefore bounded by {@code concurrent} × the cost of one, whatever arrives.
 */
public final class SecretCheckAdmission {

    /** The bounds of an admission. */
    public record Limits(int concurrent, int queued, Duration maxWait) {
        public Limits {
            if (concurrent < 1 || queued < 0) {
                throw new IllegalArgumentException("at least one check at once, and a queue of zero or more");
            }
            Objects.requireNonNull(maxWait, "maxWait");
            if (maxWait.isNegative()) {
                throw new IllegalArgumentException("a wait cannot be negative");
            }
        }
    }

    private final Limits limits;
    private final Semaphore running;
    private final AtomicInteger waiting = new AtomicInteger();

    public SecretCheckAdmission(Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.running = new Semaphore(limits.concurrent(), true);
    }

    /** No bound (tests and tools that check one secret at a time). */
    public static SecretCheckAdmission unbounded() {
        return new SecretCheckAdmission(new Limits(Integer.MAX_VALUE, 0, Duration.ZERO));
    }

    /**
     * Runs {@code check} once admitted.
     *
     * @throws SecretChecksBusyException not admitted: the check did not run
     */
    public <T> T admit(Supplier<T> check) {
        if (!running.tryAcquire()) {
            queue();
        }
        try {
            return check.get();
        } finally {
            running.release();
        }
    }

    private void queue() {
        if (waiting.incrementAndGet() > limits.queued()) {
            waiting.decrementAndGet();
            throw busy("the queue of secret checks is full");
        }
        try {
            if (!running.tryAcquire(limits.maxWait().toNanos(), TimeUnit.NANOSECONDS)) {
                throw busy("no secret check finished in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy("interrupted while waiting to check a secret");
        } finally {
            waiting.decrementAndGet();
        }
    }

    private SecretChecksBusyException busy(String why) {
        // Long enough for the queue ahead to drain at one wait per slot; at least one second.
        long seconds = Math.max(1, (limits.maxWait().toMillis() + 999) / 1000);
        return new SecretChecksBusyException(why, Duration.ofSeconds(seconds));
    }

    /** Checks running now, for tests and health reports. */
    public int running() {
        return limits.concurrent() - running.availablePermits();
    }
}

package keybound.server;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a purge of expired logon state every {@code interval} on one daemon thread, from its start
 * until {@link #close()}. A failing run is logged and the next one still happens (anything
 * escaping a scheduled task would cancel every later run); only a {@link VirtualMachineError}
 * is let through, since the JVM cannot be trusted to go on after one.
 */
final class PurgeSchedule implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PurgeSchedule.class);

    private final ScheduledExecutorService executor;

    private PurgeSchedule(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    static PurgeSchedule start(Duration interval, Runnable purge) {
        Objects.requireNonNull(purge, "purge");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("purge interval must be positive");
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "logon-purge");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        // Nobody waits on the runs: each one logs its own failure, and close() ends them all.
        ScheduledFuture<?> unused = executor.scheduleWithFixedDelay(() -> {
            try {
                purge.run();
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Throwable e) {
                LOG.warn("logon state purge failed; trying again in {}", interval, e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
        return new PurgeSchedule(executor);
    }

    /** Stops scheduling; waits briefly for a run in progress. Idempotent. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

package keybound.server;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node can serve the bank: named checks (the registry database, the CA token), each
 * given at most {@link #TIMEOUT} per probe. A check still running from an earlier probe is waited
 * for, not started again, so a hanging database never piles up probe threads. A check's cause is
 * logged when it goes down; the probe's answer says only which check is down.
 */
final class Readiness implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);

    private final Map<String, Runnable> checks;
    private final ExecutorService runner;
    private final Map<String, CompletableFuture<Void>> running = new ConcurrentHashMap<>();
    private final Map<String, Boolean> lastUp = new ConcurrentHashMap<>();

    Readiness(Map<String, Runnable> checks) {
        this.checks = Map.copyOf(checks);
        this.runner = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "readiness-check");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs every check; the answer maps each name, sorted, to {@code up} or {@code down}. */
    Map<String, String> probe() {
        Map<String, CompletableFuture<Void>> started = new LinkedHashMap<>();
        checks.keySet().stream().sorted().forEach(name -> started.put(name, running.compute(name,
                (key, earlier) -> earlier == null || earlier.isDone() ? CompletableFuture.runAsync(checks.get(key), runner)
                        : earlier)));
        Map<String, String> answer = new LinkedHashMap<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        started.forEach((name, check) -> answer.put(name, outcome(name, check, deadline) ? "up" : "down"));
        return answer;
    }

    private boolean outcome(String name, CompletableFuture<Void> check, long deadline) {
        String cause;
        try {
            check.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!Boolean.TRUE.equals(lastUp.put(name, true))) {
                LOG.info("readiness: {} is up", name);
            }
            return true;
        } catch (TimeoutException e) {
            cause = "no answer within " + TIMEOUT.toSeconds() + " s";
        } catch (ExecutionException e) {
            cause = String.valueOf(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cause = "interrupted";
        }
        if (!Boolean.FALSE.equals(lastUp.put(name, false))) {
            LOG.warn("readiness: {} is down: {}", name, cause);
        }
        return false;
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}

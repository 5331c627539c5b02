package keybound.server.wiring;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Where a server start went, phase by phase, for the one line the server logs when it is up: an
 * operator restarting a bank after a crash sees what made the start slow. The first phase is
 * the JVM itself (start, class loading, configuration) up to the first timed phase.
 */
final class StartPhases {

    private final Instant processStart;
    private final Map<String, Duration> phases = new LinkedHashMap<>();

    StartPhases() {
        Instant now = Instant.now();
        processStart = ProcessHandle.current().info().startInstant().orElse(now);
        phases.put("JVM and configuration", Duration.between(processStart, now));
    }

    /** Runs {@code phase}, remembering how long it took under {@code name}. */
    <T> T time(String name, Supplier<T> phase) {
        long begun = System.nanoTime();
        try {
            return phase.get();
        } finally {
            phases.merge(name, Duration.ofNanos(System.nanoTime() - begun), Duration::plus);
        }
    }

    /** Since the process started. */
    Duration total() {
        return Duration.between(processStart, Instant.now());
    }

    /** {@code name N ms, ...} in the order the phases ran. */
    String summary() {
        return phases.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().toMillis() + " ms")
                .collect(Collectors.joining(", "));
    }
}

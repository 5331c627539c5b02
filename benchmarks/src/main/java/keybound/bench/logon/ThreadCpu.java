package keybound.bench.logon;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time, not wall time: on a shared 2-core machine a part measured by the clock also counts
 * the time other processes held the core, while the thread's CPU time does not. Costs are means
 * over batches, reported as the median batch mean with the range of batch means, so a batch
 * disturbed by a compile next door moves the range, not the figure.
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** One operation whose own CPU cost it reports, in nanoseconds. */
    @FunctionalInterface
    interface Costed {
        long nanos() throws Exception;
    }

    /** An operation timed whole on the calling thread. */
    @FunctionalInterface
    interface Operation {
        void run() throws Exception;
    }

    /** A cost in µs: the median of the batch means, and their lowest and highest. */
    record Spread(double median, double low, double high) {

        static Spread of(List<Double> batchMeans) {
            double[] sorted = batchMeans.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int mid = sorted.length / 2;
            double median = sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
            return new Spread(median, sorted[0], sorted[sorted.length - 1]);
        }

        String format() {
            return String.format(Locale.ROOT, "%.0f (%.0f–%.0f)", median, low, high);
        }
    }

    static {
        if (!THREADS.isCurrentThreadCpuTimeSupported() || !THREADS.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure thread CPU time");
        }
        THREADS.setThreadCpuTimeEnabled(true);
    }

    private ThreadCpu() {
    }

    static long now() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** The calling thread's CPU µs per {@code operation}: {@code batches} batch means of {@code perBatch} each. */
    static List<Double> batchMeans(int batches, int perBatch, Operation operation) throws Exception {
        return reportedBatchMeans(batches, perBatch, () -> {
            long start = now();
            operation.run();
            return now() - start;
        });
    }

    /** The same for an operation that reports its own share of CPU (e.g. one side of a handshake). */
    static List<Double> reportedBatchMeans(int batches, int perBatch, Costed operation) throws Exception {
        List<Double> means = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            long total = 0;
            for (int i = 0; i < perBatch; i++) {
                total += operation.nanos();
            }
            means.add(total / 1000.0 / perBatch);
        }
        return means;
    }

    /** A thread's CPU time and the user-mode part of it, in nanoseconds; the rest is kernel time (system calls). */
    record Usage(long cpu, long user) {
        Usage plus(Usage other) {
            return new Usage(cpu + other.cpu, user + other.user);
        }

        Usage minus(Usage other) {
            return new Usage(Math.max(0, cpu - other.cpu), Math.max(0, user - other.user));
        }

        long kernel() {
            return Math.max(0, cpu - user);
        }
    }

    /** CPU time so far of every live thread whose name starts with one of {@code prefixes}, by thread id. */
    static Map<Long, Usage> threadsNamed(List<String> prefixes) {
        Map<Long, Usage> usage = new HashMap<>();
        for (var info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && prefixes.stream().anyMatch(info.getThreadName()::startsWith)) {
                long cpu = THREADS.getThreadCpuTime(info.getThreadId());
                long user = THREADS.getThreadUserTime(info.getThreadId());
                if (cpu >= 0 && user >= 0) {
                    usage.put(info.getThreadId(), new Usage(cpu, user));
                }
            }
        }
        return usage;
    }

    /**
     * CPU the threads used between two {@link #threadsNamed} readings: threads born in between count
     * whole; a thread that ended in between takes its share with it (the pool keeps busy threads).
     */
    static Usage usedBetween(Map<Long, Usage> before, Map<Long, Usage> after) {
        Usage total = new Usage(0, 0);
        for (var entry : after.entrySet()) {
            total = total.plus(entry.getValue().minus(before.getOrDefault(entry.getKey(), new Usage(0, 0))));
        }
        return total;
    }

    /** The machine's load averages (1, 5, 15 min) as /proc/loadavg shows them, or the JVM's 1-minute figure. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+", -1);
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (Exception e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }
}

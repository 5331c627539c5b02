package keybound.bench.logon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The CPU time of another process, read from Linux's {@code /proc}: the whole process from
 * {@code /proc/PID/stat} (every thread it ever ran, GC and JIT included) and its threads one by
 * one from {@code /proc/PID/task/TID/stat}, named by their {@code comm} (the thread name Java
 * set, cut to 15 characters). The kernel counts in clock ticks ({@code CLK_TCK}, 100 per second
 * on Linux): 10 ms steps, fine over seconds of load.
 */
final class ProcessCpu {

    /** Linux keeps at most this many characters of a thread's name in {@code comm}. */
    static final int COMM_LENGTH = 15;
    /** Linux's USER_HZ on every architecture a JVM runs on; {@code getconf CLK_TCK} says 100 here. */
    private static final long NANOS_PER_TICK = 1_000_000_000L / 100;

    /** One {@code stat} line's name and CPU times in clock ticks (user mode and kernel mode). */
    record Stat(String comm, long userTicks, long kernelTicks) {

        /**
         * Parses a {@code /proc/.../stat} line. The name sits in parentheses and may itself hold spaces
         * and parentheses, so the fields are counted from the last closing one: {@code utime} and
         * {@code stime} are the 14th and 15th fields of the line.
         */
        static Stat parse(String line) {
            int open = line.indexOf('(');
            int close = line.lastIndexOf(')');
            if (open < 0 || close < open) {
                throw new IllegalArgumentException("not a /proc stat line: " + line);
            }
            String[] fields = line.substring(close + 1).trim().split(" ", -1);
            if (fields.length < 13) {
                throw new IllegalArgumentException("a /proc stat line with " + (fields.length + 2) + " fields, fewer than 15: " + line);
            }
            // fields[0] is the 3rd field (state): utime (14th) is fields[11], stime (15th) fields[12].
            return new Stat(line.substring(open + 1, close), Long.parseLong(fields[11]), Long.parseLong(fields[12]));
        }

        ThreadCpu.Usage usage() {
            return new ThreadCpu.Usage((userTicks + kernelTicks) * NANOS_PER_TICK, userTicks * NANOS_PER_TICK);
        }
    }

    private ProcessCpu() {
    }

    /** The process's CPU so far, all its threads together (live and ended). */
    static ThreadCpu.Usage ofProcess(long pid) {
        try {
            return Stat.parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))).usage();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CPU time of process " + pid, e);
        }
    }

    /** CPU so far of the process's live threads whose names start with {@code prefix}, by thread id. */
    static Map<Long, ThreadCpu.Usage> threadsNamed(long pid, String prefix) {
        return threadsNamed(taskDirectory(pid), prefix);
    }

    /** The same over a {@code task} directory (one sub-directory per thread id, each with its {@code stat}). */
    static Map<Long, ThreadCpu.Usage> threadsNamed(Path taskDirectory, String prefix) {
        if (prefix.length() > COMM_LENGTH) {
            throw new IllegalArgumentException("'" + prefix + "' is longer than the " + COMM_LENGTH + " characters /proc keeps of a thread name");
        }
        return threadsMatching(taskDirectory, comm -> comm.startsWith(prefix));
    }

    /** CPU so far of the process's live threads whose {@code comm} {@code name} accepts, by thread id. */
    static Map<Long, ThreadCpu.Usage> threadsMatching(long pid, Predicate<String> name) {
        return threadsMatching(taskDirectory(pid), name);
    }

    /**
     * Whether a thread is the JVM's own rather than the application's, by the names HotSpot gives
     * them: the JIT compilers, the garbage collector's threads (G1's included) and the VM thread
     * (safepoint operations).
     */
    static boolean isJvmThread(String comm) {
        return comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre") || comm.startsWith("GC Thread#")
                || comm.startsWith("G1 ") || comm.equals("VM Thread");
    }

    private static Path taskDirectory(long pid) {
        return Path.of("/proc", Long.toString(pid), "task");
    }

    private static Map<Long, ThreadCpu.Usage> threadsMatching(Path taskDirectory, Predicate<String> name) {
        Map<Long, ThreadCpu.Usage> usage = new HashMap<>();
        try (Stream<Path> threads = Files.list(taskDirectory)) {
            for (Path thread : (Iterable<Path>) threads::iterator) {
                String line;
                try {
                    line = Files.readString(thread.resolve("stat"));
                } catch (IOException ended) {
                    continue; // the thread ended since the listing (no file, or "No such process" as it goes)
                }
                Stat stat = Stat.parse(line);
                if (name.test(stat.comm())) {
                    usage.put(Long.parseLong(thread.getFileName().toString()), stat.usage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the threads of " + taskDirectory, e);
        }
        return usage;
    }
}

package keybound.bench.logon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Which CPUs a process may run on, read and set with util-linux's {@code taskset}. The split mode
 * gives the bank's server one core and its clients the other, so that the server's capacity per
 * core is measured apart from the load generator.
 */
final class CoreAffinity {

    private CoreAffinity() {
    }

    /** The server's core and the clients' core, or why the run cannot pin. */
    record Plan(Optional<Integer> serverCore, Optional<Integer> clientCore, String allowed, String description) {

        static Plan unpinned(String allowed, String reason) {
            return new Plan(Optional.empty(), Optional.empty(), allowed, "NOT pinned (" + reason + ")");
        }

        boolean pinned() {
            return serverCore.isPresent();
        }
    }

    /** The first two CPUs this process may use: the server on the first, the clients on the second. */
    static Plan plan() {
        long pid = ProcessHandle.current().pid();
        Optional<String> allowed;
        try {
            allowed = current(pid);
        } catch (IOException e) {
            return Plan.unpinned("", "taskset could not be run: " + e.getMessage() + "; Debian's util-linux has it");
        }
        if (allowed.isEmpty()) {
            return Plan.unpinned("", "taskset did not report this process's CPUs");
        }
        List<Integer> cpus = cpus(allowed.get());
        if (cpus.size() < 2) {
            return Plan.unpinned(allowed.get(), "this process may use only CPU " + allowed.get() + ", no second core");
        }
        return new Plan(Optional.of(cpus.get(0)), Optional.of(cpus.get(1)), allowed.get(),
                "server on CPU " + cpus.get(0) + ", clients on CPU " + cpus.get(1));
    }

    /** The CPU list {@code taskset -c -p} reports for {@code pid}, e.g. "0,1" or "0-3". */
    static Optional<String> current(long pid) throws IOException {
        String out = run(List.of("taskset", "-c", "-p", Long.toString(pid)));
        int colon = out.lastIndexOf(':');
        return colon < 0 ? Optional.empty() : Optional.of(out.substring(colon + 1).trim());
    }

    /** Restricts every thread of {@code pid} to {@code cpus}; threads started later inherit it from their creator. */
    static void set(long pid, String cpus) throws IOException {
        run(List.of("taskset", "-a", "-c", "-p", cpus, Long.toString(pid)));
    }

    /** The CPUs of a list such as "0-2,5" in order. */
    static List<Integer> cpus(String list) {
        List<Integer> cpus = new ArrayList<>();
        for (String part : list.split(",", -1)) {
            String item = part.trim();
            if (item.isEmpty()) {
                continue;
            }
            int dash = item.indexOf('-');
            if (dash < 0) {
                cpus.add(Integer.parseInt(item));
            } else {
                int last = Integer.parseInt(item.substring(dash + 1));
                for (int cpu = Integer.parseInt(item.substring(0, dash)); cpu <= last; cpu++) {
                    cpus.add(cpu);
                }
            }
        }
        return cpus;
    }

    private static String run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " failed: " + out.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for " + String.join(" ", command), e);
        }
        return out;
    }
}

package keybound.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The server's "started in N ms: phase N ms, ..." lines of several starts, averaged phase by phase for a test's report. */
final class StartPhaseTotals {

    private static final Pattern LINE = Pattern.compile("started in (\\d+) ms: (.*)");
    private static final Pattern PHASE = Pattern.compile("([^,]+?) (\\d+) ms");

    private final Map<String, Long> millis = new LinkedHashMap<>();
    private int starts;

    /** Adds the start line found in {@code output}, if there is one, and the CPU time the start took. */
    synchronized void add(String output, Duration cpu) {
        Matcher line = LINE.matcher(output);
        if (!line.find()) {
            return;
        }
        starts++;
        millis.merge("CPU", cpu.toMillis(), Long::sum);
        millis.merge("total", Long.parseLong(line.group(1)), Long::sum);
        Matcher phase = PHASE.matcher(line.group(2));
        while (phase.find()) {
            millis.merge(phase.group(1).strip(), Long.parseLong(phase.group(2)), Long::sum);
        }
    }

    @Override
    public synchronized String toString() {
        return starts + " starts: " + millis.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue() / Math.max(1, starts) + " ms").collect(Collectors.joining(", "));
    }
}

package keybound.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import keybound.bench.card.CardSignatureBenchmark;
import keybound.bench.card.PivSignatureBenchmark;
import keybound.bench.issuer.IssuerBenchmark;
import keybound.bench.logon.AcquisitionOracleBenchmark;
import keybound.bench.logon.CapacityBenchmark;
import keybound.bench.logon.LogonBenchmark;
import keybound.bench.logon.PageLogonBenchmark;
import keybound.bench.logon.SignatureVerifyBenchmark;

/**
 * What {@code benchmarks/run} starts: exec-maven-plugin's {@code exec:java} constructs this
 * {@link Runnable} (so no benchmark needs a {@code main}) and it runs the benchmark named by the
 * system property {@code bench} with the arguments in {@code bench.args}.
 */
public final class BenchmarkRunner implements Runnable {

    private static final Map<String, Supplier<Benchmark>> BENCHMARKS = new TreeMap<>(Map.ofEntries(
            Map.entry("sign", SignBenchmark::new),
            Map.entry("card", CardSignatureBenchmark::new),
            Map.entry("piv", PivSignatureBenchmark::new),
            Map.entry("commit", CommitBenchmark::new),
            Map.entry("issuer", IssuerBenchmark::new),
            Map.entry("logon", LogonBenchmark::new),
            Map.entry("capacity", CapacityBenchmark::new),
            Map.entry("mac", MacBenchmark::new),
            Map.entry("pages", PageLogonBenchmark::new),
            Map.entry("verify", SignatureVerifyBenchmark::new),
            Map.entry("acquisition-oracle", AcquisitionOracleBenchmark::new)));

    @Override
    public void run() {
        String name = System.getProperty("bench", "");
        Supplier<Benchmark> benchmark = BENCHMARKS.get(name);
        if (benchmark == null) {
            throw new IllegalArgumentException("unknown benchmark '" + name + "'; choose one of " + BENCHMARKS.keySet());
        }
        try {
            benchmark.get().run(words(System.getProperty("bench.args", "")));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("benchmark " + name + " failed", e);
        }
    }

    private static List<String> words(String args) {
        String trimmed = args.strip();
        return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
    }
}

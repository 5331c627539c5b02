package keybound.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import keybound.token.KeyAlgorithm;

/**
 * Signatures per second on one SoftHSM token: keybound's Token API vs. the IAIK wrapper used
 * directly vs. SunPKCS11, for EC P-256 and RSA-2048, with 1 and 2 threads. Prints a Markdown
 * table and, per row group, the ratio Token API / faster direct path.
 *
 * <p>Arguments: {@code --warmup S --iterations N --seconds S}. Run: {@code benchmarks/run sign}.
 */
public final class SignBenchmark implements Benchmark {

    private static final int[] THREADS = {1, 2};

    @Override
    public void run(List<String> args) throws Exception {
        Harness.Settings settings = parse(args.toArray(String[]::new));
        List<String> rows = new ArrayList<>();
        try (BenchToken bench = BenchToken.create()) {
            for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
                for (int threads : THREADS) {
                    rows.addAll(measureGroup(bench, algorithm, threads, settings));
                }
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "Settings: warm-up %d s per path, %d interleaved iterations of %d s, message 1024 bytes, cores %d%n%n",
                settings.warmupSeconds(), settings.iterations(), settings.seconds(), Runtime.getRuntime().availableProcessors());
        System.out.println("| key | threads | path | signatures/s (median) | min | max | Token API / faster direct |");
        System.out.println("|---|---:|---|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
    }

    private static List<String> measureGroup(BenchToken bench, KeyAlgorithm algorithm, int threads,
                                             Harness.Settings settings) throws Exception {
        var key = bench.key(algorithm);
        var publicKey = bench.publicKey(algorithm);
        List<Harness.Measurement> results;
        try (SignPath api = new TokenApiPath(bench, key);
             SignPath iaik = new IaikPath(bench, key);
             SignPath sun = new SunPkcs11Path(bench, key)) {
            results = Harness.measure(List.of(api, iaik, sun), key, publicKey, threads, settings);
        }
        Harness.Measurement api = results.get(0);
        Harness.Measurement iaik = results.get(1);
        Harness.Measurement sun = results.get(2);
        double ratio = api.median() / Math.max(iaik.median(), sun.median());
        String keyName = algorithm == KeyAlgorithm.EC_P256 ? "EC P-256" : "RSA-2048";
        List<String> rows = new ArrayList<>();
        rows.add(row(keyName, threads, "Token API", api, String.format(Locale.ROOT, "**%.2f×**", ratio)));
        rows.add(row(keyName, threads, "IAIK direct", iaik, ""));
        rows.add(row(keyName, threads, "SunPKCS11", sun, ""));
        System.err.printf(Locale.ROOT, "%s, %d thread(s): API %.0f/s, IAIK %.0f/s, SunPKCS11 %.0f/s (medians)%n",
                keyName, threads, api.median(), iaik.median(), sun.median());
        return rows;
    }

    private static String row(String key, int threads, String path, Harness.Measurement m, String ratio) {
        return String.format(Locale.ROOT, "| %s | %d | %s | %.0f | %.0f | %.0f | %s |",
                key, threads, path, m.median(), m.min(), m.max(), ratio);
    }

    private static Harness.Settings parse(String[] args) {
        int warmup = 2;
        int iterations = 3;
        int seconds = 3;
        for (int i = 0; i + 1 < args.length; i += 2) {
            int value = Integer.parseInt(args[i + 1]);
            switch (args[i]) {
                case "--warmup" -> warmup = value;
                case "--iterations" -> iterations = value;
                case "--seconds" -> seconds = value;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return new Harness.Settings(warmup, iterations, seconds);
    }
}

package keybound.bench.logon;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;
import keybound.bankapi.client.BankApiException;
import keybound.bankapi.client.BankClient;
import keybound.bankapi.client.BankSettings;
import keybound.bench.Benchmark;
import keybound.bench.MacBenchmark;
import keybound.credentials.HashParameters;
import keybound.issuer.contract.OpenedContract;
import keybound.server.TlsEcdsa;
import keybound.token.Secret;
import keybound.token.jca.TokenProvider;

/**
 * Issue 13's capacity benchmark, all in one run: complete certificate-method logons (mTLS with the
 * user's key on SoftHSM, then ト) at 1/4/16 clients against the bank with token-keyed verifiers
 * (the default) and against the same bank with the default before it (Argon2id 64 MiB, t=3, p=4),
 * beside a bare Jetty mutual-TLS request with the same handshake ({@link BareTlsServer}); then the
 * ID/password logon for a known and an unknown contract (what an outsider can time); then
 * {@link MacBenchmark}'s table (Token API MAC vs raw {@code C_Sign}). Rounds alternate the order.
 *
 * <p>The logons run in two modes. <b>Split</b>: the three servers in a JVM of their own
 * ({@link ServerProcess}) on one CPU, the clients (this JVM) on the other, so the figures are the
 * server's capacity per core, what a bank buys (its clients are on other machines); the server's CPU
 * is read from /proc, the whole process and its Jetty pool's threads. <b>Shared</b>: servers and
 * clients in this JVM on all CPUs, CPU of the pool's threads only, as before the split mode.
 *
 * <pre>benchmarks/run capacity [--mode both|split|shared --seconds 8 --rounds 2 --split-seconds 5 --split-rounds 2
 *     --clients 1,4,16 --min 20 --max-seconds 60 --mac-seconds 3]</pre>
 * {@code --short} is a smoke run (2 s, one round, 1 and 4 clients, a few logons); it takes {@code --mode} too.
 */
public final class CapacityBenchmark implements Benchmark {

    private static final String TOKEN = "token-keyed HMAC-SHA256 (new default), one request";
    private static final String TOKEN_TWO_STEPS = "token-keyed HMAC-SHA256 (new default), two steps";
    private static final String OLD = "Argon2id 64 MiB, t=3, p=4 (old default)";
    private static final String BARE = "bare Jetty mTLS request (no keybound logic)";

    @Override
    public void run(List<String> args) throws Exception {
        Options options = Options.parse(args);
        TokenProvider.install();
        TlsEcdsa.useBouncyCastle(); // the server's default (tls.ecdsa=bc), for both banks and the bare server
        int users = options.clients.stream().mapToInt(Integer::intValue).max().orElse(1);
        System.out.printf(Locale.ROOT, "%n# Capacity benchmark (issue 13): %d cores, Java %s, mode %s, load average %s at %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                options.mode.name().toLowerCase(Locale.ROOT), ThreadCpu.loadAverage(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
        // Split first: this JVM must load SoftHSM only once the server process has made its tokens (ServerProcess).
        if (options.mode != Mode.SHARED) {
            split(options, users);
        }
        if (options.mode != Mode.SPLIT) {
            shared(options, users);
        }
        System.out.printf(Locale.ROOT, "%n## Token API MAC vs raw C_Sign (MacBenchmark, same run)%n");
        new MacBenchmark().run(List.of("--seconds", Integer.toString(options.macSeconds), "--rounds",
                Integer.toString(options.macRounds)));
    }

    /** Servers and clients in this JVM, on every CPU it may use. */
    private static void shared(Options options, int users) throws Exception {
        System.out.printf(Locale.ROOT, "%n## Shared mode: servers and clients in this JVM; %d s per load (on until %d operations,"
                + " at most %d s), %d rounds%n%n", options.seconds, options.minOperations, options.maxSeconds, options.rounds);
        try (BenchBank token = new BenchBank(users, HashParameters.testing(), true);
             BenchBank old = new BenchBank(users, HashParameters.production(), false);
             BareTlsServer bare = new BareTlsServer(token.serverConfig)) {
            Map<String, Setting> settings = new LinkedHashMap<>();
            var serverCpu = LogonLoad.ServerCpu.bankInThisJvm();
            settings.put(TOKEN, new Setting(serverCpu, LogonLoad.logons(token.endpoint(), LogonLoad.Shape.ONE_REQUEST)));
            settings.put(TOKEN_TWO_STEPS, new Setting(serverCpu, LogonLoad.logons(token.endpoint(), LogonLoad.Shape.TWO_STEPS)));
            settings.put(BARE, new Setting(LogonLoad.ServerCpu.inThisJvm(BareTlsServer.THREADS), bare.requests(token)));
            settings.put(OLD, new Setting(serverCpu, LogonLoad.logons(old.endpoint(), LogonLoad.Shape.ONE_REQUEST)));
            var results = rounds(settings, users, options, options.warmUp, options.seconds, options.rounds, false);
            printSummary(results, options, false, "servers and clients share the CPUs");
            knownAndUnknown(token, options);
        }
    }

    /**
     * The servers in a JVM of their own pinned to one CPU, the clients (this JVM) pinned to another:
     * the server's capacity per core, apart from the load generator's own TLS and SoftHSM work.
     */
    private static void split(Options options, int users) throws Exception {
        CoreAffinity.Plan plan = CoreAffinity.plan();
        long self = ProcessHandle.current().pid();
        System.out.printf(Locale.ROOT, "%n## Split mode: servers in a JVM of their own, %s; %d s per load (on until %d operations,"
                + " at most %d s), %d rounds%n%n", plan.description(), options.splitSeconds, options.minOperations,
                options.maxSeconds, options.splitRounds);
        try (ServerProcess servers = ServerProcess.start(users, plan.serverCore())) {
            if (plan.pinned()) {
                CoreAffinity.set(self, Integer.toString(plan.clientCore().orElseThrow()));
            }
            try {
                long pid = servers.pid();
                BankEndpoint token = servers.endpoint(servers.handoff().token());
                BankEndpoint old = servers.endpoint(servers.handoff().old());
                System.out.printf(Locale.ROOT, "server process %d ready, this JVM %d, load average %s%n", pid, self,
                        ThreadCpu.loadAverage());
                Map<String, Setting> settings = new LinkedHashMap<>();
                var serverCpu = LogonLoad.ServerCpu.inProcess(pid, LogonLoad.SERVER_THREADS);
                settings.put(TOKEN, new Setting(serverCpu, LogonLoad.logons(token, LogonLoad.Shape.ONE_REQUEST)));
                settings.put(TOKEN_TWO_STEPS, new Setting(serverCpu, LogonLoad.logons(token, LogonLoad.Shape.TWO_STEPS)));
                settings.put(BARE, new Setting(LogonLoad.ServerCpu.inProcess(pid, BareTlsServer.THREADS),
                        BareTlsServer.requests(servers.handoff().bare(), token)));
                settings.put(OLD, new Setting(serverCpu, LogonLoad.logons(old, LogonLoad.Shape.ONE_REQUEST)));
                // A longer warm-up: on one CPU the server's JIT compiles on the core that serves.
                var results = rounds(settings, users, options, options.short_ ? 1 : 8, options.splitSeconds, options.splitRounds, true);
                printSummary(results, options, true, plan.description());
            } finally {
                if (plan.pinned()) {
                    CoreAffinity.set(self, plan.allowed());
                }
            }
        }
    }

    /** A load: where its server's CPU is read and what each client repeats. */
    private record Setting(LogonLoad.ServerCpu cpu, IntFunction<LogonLoad.Request> requests) {
    }

    /**
     * Every load at every client count, after an uncounted warm-up of {@code warmUp} s each (the JIT
     * warms up on every path); rounds alternate the order. Results by "what/clients".
     */
    private static Map<String, List<LogonLoad.Result>> rounds(Map<String, Setting> settings, int users, Options options,
            int warmUp, int seconds, int rounds, boolean split) throws Exception {
        for (Setting setting : settings.values()) {
            LogonLoad.measure(Math.min(4, users), LogonLoad.Duration.fixed(warmUp), setting.cpu,
                    setting.requests, Optional.empty());
        }
        System.out.printf(Locale.ROOT, "warm-up done, load average %s%n%n", ThreadCpu.loadAverage());
        if (split) {
            System.out.println("| round | what | clients | n | per second | p50 ms | p99 ms | server process CPU µs each "
                    + "| of which kernel | of which JIT, GC and VM threads | Jetty pool threads' CPU µs each |");
            System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        } else {
            System.out.println("| round | what | clients | n | per second | p50 ms | p99 ms | server CPU µs each | of which kernel "
                    + "| JVM's JIT, GC and VM threads µs each (clients' too; not counted) |");
            System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        }
        Map<String, List<LogonLoad.Result>> results = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            List<Integer> clients = new ArrayList<>(options.clients);
            List<String> order = new ArrayList<>(settings.keySet());
            if (round % 2 == 0) {
                Collections.reverse(clients);
                Collections.reverse(order);
            }
            for (int n : clients) {
                for (String what : order) {
                    Setting setting = settings.get(what);
                    var duration = new LogonLoad.Duration(seconds, options.minOperations, options.maxSeconds);
                    settle();
                    LogonLoad.Result r = measureAgainOnce(round, what, n, () ->
                            LogonLoad.measure(n, duration, setting.cpu, setting.requests, Optional.empty()));
                    results.computeIfAbsent(what + "/" + n, k -> new ArrayList<>()).add(r);
                    String common = String.format(Locale.ROOT, "| %d | %s | %d | %s | %.1f | %.1f | %.1f |", round, what, n,
                            count(r, options.minOperations), r.perSecond(), r.p50(), r.p99());
                    System.out.println(common + (split
                            ? String.format(Locale.ROOT, " %.0f | %.0f | %.0f | %.0f |", r.processCpuMicrosPerLogon(),
                                    r.processKernelMicrosPerLogon(), r.processJvmMicrosPerLogon(), r.serverCpuMicrosPerLogon())
                            : String.format(Locale.ROOT, " %.0f | %.0f | %.0f |", r.serverCpuMicrosPerLogon(),
                                    r.serverKernelMicrosPerLogon(), r.processJvmMicrosPerLogon())));
                }
            }
            System.out.printf(Locale.ROOT, "round %d done, load average %s%n", round, ThreadCpu.loadAverage());
        }
        return results;
    }

    /**
     * Collects the garbage of the load before and waits a second, so that each load starts from the
     * same heap: the old default's Argon2id allocates 64 MiB a hash, and G1's work after such a
     * load (concurrent marking, humongous regions) ran on into the next one, which in the first
     * rounds was the token-keyed logon.
     */
    private static void settle() throws InterruptedException {
        System.gc();
        Thread.sleep(1000);
    }

    /** A load to measure. */
    private interface Load {
        LogonLoad.Result measure() throws Exception;
    }

    /**
     * Measures {@code load}; if a request fails (seen on this 2-core machine at 16 clients, for the
     * bank and the bare server alike: a loopback connect that timed out after 10 s), says so and
     * measures that load once more, so that one stalled client does not end a run of many minutes.
     */
    private static LogonLoad.Result measureAgainOnce(int round, String what, int clients, Load load) throws Exception {
        try {
            return load.measure();
        } catch (IllegalStateException e) {
            System.out.printf(Locale.ROOT, "| %d | %s | %d | failed: %s; measured again |%n", round, what, clients,
                    e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
            return load.measure();
        }
    }

    private static String count(LogonLoad.Result r, int wanted) {
        return r.logons() < wanted ? r.logons() + " (n < " + wanted + ")" : Integer.toString(r.logons());
    }

    /**
     * Medians over the rounds, the ratios the targets are about, and whether each is met. In the split
     * mode CPU per logon is the server process's (GC and JIT included), with the pool threads' beside it.
     */
    private static void printSummary(Map<String, List<LogonLoad.Result>> results, Options options, boolean split, String where) {
        for (String logon : List.of(TOKEN, TOKEN_TWO_STEPS)) {
            printSummary(results, options, split, where, logon);
        }
    }

    /** The targets' table for one shape of the token-keyed logon ({@code logon}: its row label). */
    private static void printSummary(Map<String, List<LogonLoad.Result>> results, Options options, boolean split, String where,
            String logon) {
        System.out.printf(Locale.ROOT, "%nTargets, %s mode (%s), medians over the rounds, %s:%n%n", split ? "split" : "shared",
                where, logon);
        String cpu = split ? "server process CPU" : "server CPU";
        System.out.println("| clients | token-keyed logons/s | old default logons/s | ratio (target ≥ 30× at 16) "
                + "| token-keyed " + cpu + " µs/logon | bare mTLS " + cpu + " µs/request | ratio (target ≤ 1.5×) "
                + "| ratio round by round (median) |"
                + (split ? " token-keyed pool threads µs/logon | bare mTLS pool threads µs/request | ratio (target ≤ 1.5×) "
                        + "| ratio round by round (median) |" : ""));
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---|" + (split ? "---:|---:|---:|---|" : ""));
        ToDoubleFunction<LogonLoad.Result> primary = split ? LogonLoad.Result::processCpuMicrosPerLogon
                : LogonLoad.Result::serverCpuMicrosPerLogon;
        for (int n : options.clients) {
            double token = median(results.get(logon + "/" + n), LogonLoad.Result::perSecond);
            double old = median(results.get(OLD + "/" + n), LogonLoad.Result::perSecond);
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %d | %.1f | %.1f | %s |", n, token, old,
                    old > 0 ? String.format(Locale.ROOT, "%.1f×%s", token / old, n == 16 ? " " + verdict(token / old >= 30) : "")
                            : "old default completed none"));
            row.append(cpuRatio(results, logon, n, primary));
            if (split) {
                row.append(cpuRatio(results, logon, n, LogonLoad.Result::serverCpuMicrosPerLogon));
            }
            System.out.println(row);
        }
    }

    /** The logon's and the bare request's CPU per operation at {@code n} clients and their ratio against the 1.5× target. */
    private static String cpuRatio(Map<String, List<LogonLoad.Result>> results, String logon, int n,
            ToDoubleFunction<LogonLoad.Result> cpu) {
        List<LogonLoad.Result> logons = results.get(logon + "/" + n);
        List<LogonLoad.Result> bare = results.get(BARE + "/" + n);
        double tokenCpu = median(logons, cpu);
        double bareCpu = median(bare, cpu);
        // Each round measures both back to back; a round's own ratio is spared the drift between rounds.
        double[] paired = new double[Math.min(logons.size(), bare.size())];
        for (int round = 0; round < paired.length; round++) {
            paired[round] = cpu.applyAsDouble(logons.get(round)) / cpu.applyAsDouble(bare.get(round));
        }
        String rounds = String.join(" / ", Arrays.stream(paired).mapToObj(r -> String.format(Locale.ROOT, "%.2f", r)).toList());
        return String.format(Locale.ROOT, " %.0f | %.0f | %.2f× %s | %s (%.2f×) |", tokenCpu, bareCpu, tokenCpu / bareCpu,
                verdict(tokenCpu / bareCpu <= 1.5), rounds, median(paired));
    }

    private static String verdict(boolean met) {
        return met ? "(met)" : "(NOT met)";
    }

    private static double median(List<LogonLoad.Result> runs, ToDoubleFunction<LogonLoad.Result> value) {
        return median(runs.stream().mapToDouble(value).toArray());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /**
     * The ID/password logon (A + B + イ) is where an outsider names the account: a known contract
     * with the right secrets (granted), with wrong ones (refused, counted toward its lockout), and
     * an unknown contract number (refused). Each refusal is the same 401; the rows show what each
     * costs the server and the client's wait.
     */
    private static void knownAndUnknown(BenchBank bank, Options options) throws Exception {
        OpenedContract known = bank.openPasswordContract();
        // Another first digit: never the known contract (replacing digits could give it back unchanged).
        String id = known.contractId().value();
        char otherFirst = Character.forDigit((Character.digit(id.charAt(0), 10) + 1) % 10, 10);
        String unknown = otherFirst + id.substring(1);
        Secret wrong = Secret.of("00000000");
        Map<String, IntFunction<LogonLoad.Request>> cases = new LinkedHashMap<>();
        cases.put("known contract, right B and イ (granted)",
                c -> () -> password(bank, known.contractId().value(), known.confirmationPassword(), known.contractPin(), 200));
        AtomicInteger wrongAnswers = new AtomicInteger();
        cases.put("known contract, wrong B and イ (401, counted)", c -> () -> {
            password(bank, known.contractId().value(), wrong, wrong, 401);
            // Each refusal counts; clear the count well before the lockout limit (100), off the server's threads.
            if (wrongAnswers.incrementAndGet() % 20 == 0) {
                bank.issuer.secrets().clearContractFailures(known.contractId());
            }
        });
        cases.put("unknown contract (401)", c -> () -> password(bank, unknown, wrong, wrong, 401));
        System.out.println();
        System.out.println("| ID/password logon, token-keyed verifiers | clients | n | per second | p50 ms | p99 ms | server CPU µs each |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (int clients : List.of(1, 4)) {
            for (var entry : cases.entrySet()) {
                LogonLoad.Result r = LogonLoad.measure(clients, new LogonLoad.Duration(options.seconds, 0, options.seconds),
                        LogonLoad.ServerCpu.bankInThisJvm(), entry.getValue(), Optional.empty());
                System.out.printf(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f | %.1f | %.0f |%n", entry.getKey(), clients,
                        r.logons(), r.perSecond(), r.p50(), r.p99(), r.serverCpuMicrosPerLogon());
            }
        }
    }

    private static void password(BenchBank bank, String contract, Secret b, Secret i, int expected) {
        BankClient client = BankClient.connect(new BankSettings(bank.base, bank.caChain()), Optional.empty());
        int status;
        try {
            client.logonWithPassword(contract, b.copy(), i.copy());
            status = 200;
        } catch (BankApiException e) {
            status = e.status();
        }
        if (status != expected) {
            throw new IllegalStateException("password logon answered " + status + ", expected " + expected);
        }
    }

    /** Which of the two modes a run measures. */
    enum Mode { BOTH, SPLIT, SHARED }

    private record Options(Mode mode, List<Integer> clients, int seconds, int rounds, int warmUp, int splitSeconds,
            int splitRounds, int minOperations, int maxSeconds, int macSeconds, int macRounds, boolean short_) {
        static Options parse(List<String> args) {
            boolean short_ = args.contains("--short");
            List<String> rest = new ArrayList<>(args);
            rest.remove("--short");
            Mode mode = Mode.BOTH;
            List<Integer> clients = short_ ? List.of(1, 4) : List.of(1, 4, 16);
            int seconds = short_ ? 2 : 8;
            int rounds = short_ ? 1 : 2;
            // Per load, before the first round (shared mode). With 3 s the first round ran 20-60 % above
            // the later ones; with 10 s the one-client logon's CPU still fell by a quarter in later
            // rounds while the bare request's did not, and the JIT was still busy (docs/benchmarks.md,
            // sixth pass): the logon has far more code to compile.
            int warmUp = short_ ? 1 : 30;
            // The split mode's loads are shorter, so that the default run with both modes stays near 10 min.
            int splitSeconds = short_ ? 2 : 5;
            int splitRounds = rounds;
            int min = short_ ? 3 : 20;
            int max = short_ ? 20 : 60;
            int macSeconds = short_ ? 1 : 3;
            int macRounds = short_ ? 1 : 3;
            if (rest.size() % 2 == 1) {
                throw new IllegalArgumentException("option " + rest.get(rest.size() - 1) + " needs a value");
            }
            for (int i = 0; i + 1 < rest.size(); i += 2) {
                String value = rest.get(i + 1);
                switch (rest.get(i)) {
                    case "--mode" -> mode = switch (value) {
                        case "both" -> Mode.BOTH;
                        case "split" -> Mode.SPLIT;
                        case "shared" -> Mode.SHARED;
                        default -> throw new IllegalArgumentException("--mode is both, split or shared, not " + value);
                    };
                    case "--clients" -> clients = Arrays.stream(value.split(",", -1)).map(Integer::valueOf).toList();
                    case "--seconds" -> seconds = Integer.parseInt(value);
                    case "--rounds" -> rounds = Integer.parseInt(value);
                    case "--warm-up" -> warmUp = Integer.parseInt(value);
                    case "--split-seconds" -> splitSeconds = Integer.parseInt(value);
                    case "--split-rounds" -> splitRounds = Integer.parseInt(value);
                    case "--min" -> min = Integer.parseInt(value);
                    case "--max-seconds" -> max = Integer.parseInt(value);
                    case "--mac-seconds" -> macSeconds = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown option " + rest.get(i));
                }
            }
            return new Options(mode, clients, seconds, rounds, warmUp, splitSeconds, splitRounds, min, max, macSeconds, macRounds,
                    short_);
        }
    }
}

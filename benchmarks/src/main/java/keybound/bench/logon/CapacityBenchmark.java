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
 * <pre>benchmarks/run capacity [--seconds 8 --rounds 2 --clients 1,4,16 --min 20 --max-seconds 60 --mac-seconds 3]</pre>
 * {@code --short} is a smoke run (2 s, one round, 1 and 4 clients, a few logons).
 */
public final class CapacityBenchmark implements Benchmark {

    private static final String TOKEN = "token-keyed HMAC-SHA256 (new default)";
    private static final String OLD = "Argon2id 64 MiB, t=3, p=4 (old default)";
    private static final String BARE = "bare Jetty mTLS request (no keybound logic)";

    @Override
    public void run(List<String> args) throws Exception {
        Options options = Options.parse(args);
        TokenProvider.install();
        TlsEcdsa.useBouncyCastle(); // the server's default (tls.ecdsa=bc), for both banks and the bare server
        int users = options.clients.stream().mapToInt(Integer::intValue).max().orElse(1);
        System.out.printf(Locale.ROOT, "%n# Capacity benchmark (issue 13): %d cores, Java %s, %d s per run (on until %d operations,"
                + " at most %d s), %d rounds, load average %s at %s%n%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), options.seconds, options.minOperations, options.maxSeconds, options.rounds,
                ThreadCpu.loadAverage(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
        Map<String, List<LogonLoad.Result>> results = new LinkedHashMap<>();
        try (BenchBank token = new BenchBank(users, HashParameters.testing(), true);
             BenchBank old = new BenchBank(users, HashParameters.production(), false);
             BareTlsServer bare = new BareTlsServer(token.serverConfig)) {
            Map<String, Setting> settings = new LinkedHashMap<>();
            settings.put(TOKEN, new Setting(LogonLoad.SERVER_THREADS, LogonLoad.logons(token)));
            settings.put(BARE, new Setting(BareTlsServer.THREADS, bare.requests(token)));
            settings.put(OLD, new Setting(LogonLoad.SERVER_THREADS, LogonLoad.logons(old)));
            // Uncounted: the JIT warms up on every path.
            for (Setting setting : settings.values()) {
                LogonLoad.measure(Math.min(4, users), LogonLoad.Duration.fixed(options.short_ ? 1 : 3), setting.threads,
                        setting.requests, Optional.empty());
            }
            System.out.printf(Locale.ROOT, "warm-up done, load average %s%n%n", ThreadCpu.loadAverage());
            System.out.println("| round | what | clients | n | per second | p50 ms | p99 ms | server CPU µs each | of which kernel |");
            System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
            for (int round = 1; round <= options.rounds; round++) {
                List<Integer> clients = new ArrayList<>(options.clients);
                List<String> order = new ArrayList<>(settings.keySet());
                if (round % 2 == 0) {
                    Collections.reverse(clients);
                    Collections.reverse(order);
                }
                for (int n : clients) {
                    for (String what : order) {
                        Setting setting = settings.get(what);
                        var duration = new LogonLoad.Duration(options.seconds, options.minOperations, options.maxSeconds);
                        LogonLoad.Result r = LogonLoad.measure(n, duration, setting.threads, setting.requests, Optional.empty());
                        results.computeIfAbsent(what + "/" + n, k -> new ArrayList<>()).add(r);
                        System.out.printf(Locale.ROOT, "| %d | %s | %d | %s | %.1f | %.1f | %.1f | %.0f | %.0f |%n", round, what, n,
                                count(r, options.minOperations), r.perSecond(), r.p50(), r.p99(), r.serverCpuMicrosPerLogon(),
                                r.serverKernelMicrosPerLogon());
                    }
                }
                System.out.printf(Locale.ROOT, "round %d done, load average %s%n", round, ThreadCpu.loadAverage());
            }
            printSummary(results, options);
            knownAndUnknown(token, options);
        }
        System.out.printf(Locale.ROOT, "%n## Token API MAC vs raw C_Sign (MacBenchmark, same run)%n");
        new MacBenchmark().run(List.of("--seconds", Integer.toString(options.macSeconds), "--rounds",
                Integer.toString(options.macRounds)));
    }

    /** A load: whose threads serve it and what each client repeats. */
    private record Setting(String threads, IntFunction<LogonLoad.Request> requests) {
    }

    private static String count(LogonLoad.Result r, int wanted) {
        return r.logons() < wanted ? r.logons() + " (n < " + wanted + ")" : Integer.toString(r.logons());
    }

    /** Medians over the rounds, the ratios the targets are about, and whether each is met. */
    private static void printSummary(Map<String, List<LogonLoad.Result>> results, Options options) {
        System.out.println();
        System.out.println("| clients | token-keyed logons/s | old default logons/s | ratio (target ≥ 30× at 16) "
                + "| token-keyed server CPU µs/logon | bare mTLS server CPU µs/request | ratio (target ≤ 1.5×) |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        for (int n : options.clients) {
            double token = median(results.get(TOKEN + "/" + n), LogonLoad.Result::perSecond);
            double old = median(results.get(OLD + "/" + n), LogonLoad.Result::perSecond);
            double tokenCpu = median(results.get(TOKEN + "/" + n), LogonLoad.Result::serverCpuMicrosPerLogon);
            double bareCpu = median(results.get(BARE + "/" + n), LogonLoad.Result::serverCpuMicrosPerLogon);
            System.out.printf(Locale.ROOT, "| %d | %.1f | %.1f | %s | %.0f | %.0f | %.2f× %s |%n", n, token, old,
                    old > 0 ? String.format(Locale.ROOT, "%.1f×%s", token / old, n == 16 ? " " + verdict(token / old >= 30) : "")
                            : "old default completed none",
                    tokenCpu, bareCpu, tokenCpu / bareCpu, verdict(tokenCpu / bareCpu <= 1.5));
        }
    }

    private static String verdict(boolean met) {
        return met ? "(met)" : "(NOT met)";
    }

    private static double median(List<LogonLoad.Result> runs, ToDoubleFunction<LogonLoad.Result> value) {
        double[] sorted = runs.stream().mapToDouble(value).sorted().toArray();
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
        String unknown = "9" + known.contractId().value().substring(1).replace('9', '8');
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
                        LogonLoad.SERVER_THREADS, entry.getValue(), Optional.empty());
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

    private record Options(List<Integer> clients, int seconds, int rounds, int minOperations, int maxSeconds, int macSeconds,
            int macRounds, boolean short_) {
        static Options parse(List<String> args) {
            if (args.contains("--short")) {
                return new Options(List.of(1, 4), 2, 1, 3, 20, 1, 1, true);
            }
            List<Integer> clients = List.of(1, 4, 16);
            int seconds = 8;
            int rounds = 2;
            int min = 20;
            int max = 60;
            int macSeconds = 3;
            for (int i = 0; i + 1 < args.size(); i += 2) {
                String value = args.get(i + 1);
                switch (args.get(i)) {
                    case "--clients" -> clients = Arrays.stream(value.split(",")).map(Integer::valueOf).toList();
                    case "--seconds" -> seconds = Integer.parseInt(value);
                    case "--rounds" -> rounds = Integer.parseInt(value);
                    case "--min" -> min = Integer.parseInt(value);
                    case "--max-seconds" -> max = Integer.parseInt(value);
                    case "--mac-seconds" -> macSeconds = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown option " + args.get(i));
                }
            }
            if (args.size() % 2 == 1) {
                throw new IllegalArgumentException("option " + args.get(args.size() - 1) + " needs a value");
            }
            return new Options(clients, seconds, rounds, min, max, macSeconds, 3, false);
        }
    }
}

package keybound.bench.logon;

import java.nio.file.Path;
import java.security.Security;
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
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import keybound.bench.Benchmark;
import keybound.credentials.HashParameters;
import keybound.server.TlsEcdsa;
import keybound.token.jca.TokenProvider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Complete certificate-method logons per second over loopback (mTLS with the user's key on
 * SoftHSM, then ト), with 1, 4 and 16 concurrent clients, for JDK and BouncyCastle ECDSA
 * verification in the server's handshake, in several rounds whose order alternates; after each
 * round the server's cost per logon by part, each measured alone in CPU time ({@link CostSplit}).
 * Then the overhead beyond the parts (the server threads' CPU per logon minus the sum of the
 * parts), a JFR profile of one more run per ECDSA choice (where the server's samples go, in
 * situ), and the secret hash's cost at several Argon2id settings. Prints Markdown tables.
 *
 * <pre>
 *   benchmarks/run logon [--seconds 10 --hash 65536,3,4]
 * </pre>
 * Options: {@code --clients 1,4,16}, {@code --seconds 10}, {@code --hash m,t,p} (the bank's
 * Argon2id cost for ト; default RFC 9106's 65536,3,4), {@code --ecdsa jdk,bc}, {@code --rounds 3},
 * {@code --profile 4} (clients in the JFR run; 0: none), {@code --verifier argon2id|token} (ト's
 * verifier: an Argon2id hash at {@code --hash}, or HMAC-SHA256 with a key on a bank SoftHSM token;
 * the parts table's "secret hash" row is Argon2id's either way), {@code --shape two|one} (the
 * user's logon in two steps, as the web pages do, or in one request, as the station does).
 */
public final class LogonBenchmark implements Benchmark {

    // Names of the parts measured alone (handshake and verify per ECDSA choice).
    private static final String HANDSHAKE = "handshake ";
    private static final String VERIFY = "verify ";
    private static final String CERTIFICATE = "certificate check";
    private static final String LOCK = "lock check";
    private static final String HASH = "hash";
    private static final String SECRET = "secret check";
    private static final String SECRET_DATABASE = "secret check database";
    private static final String SESSION = "session";
    private static final String SIGN_SUN = "sign SunEC";
    private static final String SIGN_BC = "sign BC";

    @Override
    public void run(List<String> args) throws Exception {
        Options options = Options.parse(args.toArray(String[]::new));
        TokenProvider.install();
        int users = options.clients.stream().mapToInt(Integer::intValue).max().orElse(1);
        System.out.printf(Locale.ROOT, "%n# Logon benchmark: %d cores, Java %s, verifiers %s, hash m=%d KiB t=%d p=%d, %d s per run,"
                + " %d rounds, load average %s at %s%n%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                options.tokenVerifiers ? "token HMAC-SHA256" : "Argon2id", options.hash.memoryKiB(), options.hash.iterations(), options.hash.parallelism(), options.seconds, options.rounds,
                ThreadCpu.loadAverage(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
        if (options.profileClients > 0) {
            ServerProfile.warmUp();
        }
        try (BenchBank bank = new BenchBank(users, options.hash, options.tokenVerifiers)) {
            var split = new CostSplit(bank, options.hash);
            Map<String, List<LogonLoad.Result>> loads = new LinkedHashMap<>();
            Map<String, List<Double>> parts = new LinkedHashMap<>();
            // Round 0 warms the JIT up on every path (server, clients, parts) and is not counted.
            for (String ecdsa : options.ecdsa) {
                useEcdsa(ecdsa);
                LogonLoad.run(bank, options.shape, users, options.seconds, Optional.empty());
            }
            measureParts(split, options.ecdsa, new LinkedHashMap<>());
            System.out.printf(Locale.ROOT, "warm-up round done, load average %s%n%n", ThreadCpu.loadAverage());
            System.out.println("| round | ECDSA verify in handshake | clients | logons | logons/s | p50 ms | p99 ms"
                    + " | server CPU µs/logon | of which kernel |");
            System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
            for (int round = 1; round <= options.rounds; round++) {
                // Alternate the order each round, so drifting load from other sessions hits every setting alike.
                for (String ecdsa : alternate(options.ecdsa, round)) {
                    useEcdsa(ecdsa);
                    for (int clients : alternate(options.clients, round)) {
                        LogonLoad.Result r = LogonLoad.run(bank, options.shape, clients, options.seconds, Optional.empty());
                        loads.computeIfAbsent(ecdsa + "/" + clients, k -> new ArrayList<>()).add(r);
                        System.out.printf(Locale.ROOT, "| %d | %s | %d | %d | %.1f | %.1f | %.1f | %.0f | %.0f |%n", round,
                                label(ecdsa), clients, r.logons(), r.perSecond(), r.p50(), r.p99(), r.serverCpuMicrosPerLogon(),
                                r.serverKernelMicrosPerLogon());
                    }
                }
                measureParts(split, options.ecdsa, parts);
                System.out.printf(Locale.ROOT, "round %d done, load average %s%n", round, ThreadCpu.loadAverage());
            }
            printParts(parts, options.ecdsa);
            printOverhead(loads, parts, options);
            if (options.profileClients > 0) {
                partsUnderLoad(bank, split, options, loads);
            }
            for (String ecdsa : options.ecdsa) {
                if (options.profileClients > 0) {
                    profile(bank, ecdsa, options, loads.get(ecdsa + "/" + options.profileClients));
                }
            }
            printHashCosts();
        }
        TlsEcdsa.useBouncyCastle();
    }

    /** One round of the parts, each measured alone in CPU time; batch means pile up across rounds. */
    private static void measureParts(CostSplit split, List<String> ecdsas, Map<String, List<Double>> parts) throws Exception {
        for (String ecdsa : ecdsas) {
            boolean bc = ecdsa.equals("bc");
            add(parts, HANDSHAKE + ecdsa, split.handshake(bc));
            add(parts, VERIFY + ecdsa, split.ecdsaVerify(bc));
        }
        TlsEcdsa.useBouncyCastle();
        add(parts, SIGN_SUN, CostSplit.ecdsaSign(Security.getProvider("SunEC")));
        add(parts, SIGN_BC, CostSplit.ecdsaSign(new BouncyCastleProvider()));
        add(parts, CERTIFICATE, split.certificateCheck());
        add(parts, LOCK, split.lockCheck());
        CostSplit.SecretCheck secret = split.secretCheck();
        add(parts, HASH, secret.hashAlone());
        add(parts, SECRET, secret.check());
        add(parts, SECRET_DATABASE, secret.database());
        add(parts, SESSION, split.sessionInsert());
    }

    private static void add(Map<String, List<Double>> parts, String part, List<Double> batchMeans) {
        parts.computeIfAbsent(part, k -> new ArrayList<>()).addAll(batchMeans);
    }

    private static ThreadCpu.Spread spread(Map<String, List<Double>> parts, String part) {
        return ThreadCpu.Spread.of(parts.get(part));
    }

    /** Handshake + certificate check + lock check + secret check (hash and its rows) + session row. */
    private static ThreadCpu.Spread sumOfParts(Map<String, List<Double>> parts, String ecdsa) {
        List<ThreadCpu.Spread> all = List.of(spread(parts, HANDSHAKE + ecdsa), spread(parts, CERTIFICATE), spread(parts, LOCK),
                spread(parts, SECRET), spread(parts, SESSION));
        return new ThreadCpu.Spread(all.stream().mapToDouble(ThreadCpu.Spread::median).sum(),
                all.stream().mapToDouble(ThreadCpu.Spread::low).sum(), all.stream().mapToDouble(ThreadCpu.Spread::high).sum());
    }

    private static void printParts(Map<String, List<Double>> parts, List<String> ecdsas) {
        System.out.println();
        System.out.println("| server CPU per logon, part measured alone | " + String.join(" | ",
                ecdsas.stream().map(e -> "µs, " + label(e) + " ECDSA: median (min–max)").toList()) + " |");
        System.out.println("|---|" + "---:|".repeat(ecdsas.size()));
        partRow("TLS 1.3 handshake, server side (key exchange, server signature, client chain + CertificateVerify, ticket)",
                ecdsas, e -> spread(parts, HANDSHAKE + e));
        partRow("&nbsp;&nbsp;of which: one ECDSA P-256 verification (there are two: client chain, CertificateVerify)", ecdsas,
                e -> spread(parts, VERIFY + e));
        partRow("&nbsp;&nbsp;of which: the server's ECDSA P-256 signature, SunEC (as the server signs today)", ecdsas,
                e -> spread(parts, SIGN_SUN));
        partRow("&nbsp;&nbsp;(for comparison: the same signature by BouncyCastle, not used)", ecdsas, e -> spread(parts, SIGN_BC));
        partRow("certificate check in the registry (standing + holder + fingerprint)", ecdsas, e -> spread(parts, CERTIFICATE));
        partRow("database: account lock check (read)", ecdsas, e -> spread(parts, LOCK));
        partRow("secret hash (Argon2id verify of ト)", ecdsas, e -> spread(parts, HASH));
        partRow("database: around the secret check (read hashes, clear failures) = secret check − hash, paired", ecdsas,
                e -> spread(parts, SECRET_DATABASE));
        partRow("database: session row (random id, INSERT)", ecdsas, e -> spread(parts, SESSION));
        partRow("**sum of the parts**", ecdsas, e -> sumOfParts(parts, e));
    }

    private static void partRow(String part, List<String> ecdsas, Function<String, ThreadCpu.Spread> cost) {
        System.out.println("| " + part + " | " + String.join(" | ", ecdsas.stream().map(e -> cost.apply(e).format()).toList()) + " |");
    }

    /**
     * Overhead = the server threads' CPU per logon (median of the rounds) − the sum of the parts;
     * and the same without the kernel's time (system calls for sockets, polling, waking threads),
     * which none of the parts measured alone includes.
     */
    private static void printOverhead(Map<String, List<LogonLoad.Result>> loads, Map<String, List<Double>> parts,
            Options options) {
        System.out.println();
        System.out.printf("| ECDSA | clients | server CPU µs/logon: median of rounds (min–max) | of which kernel | sum of parts"
                + " | overhead µs | overhead %% of total | overhead without kernel µs | %% of total |%n");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String ecdsa : options.ecdsa) {
            double sum = sumOfParts(parts, ecdsa).median();
            for (int clients : options.clients) {
                List<LogonLoad.Result> runs = loads.get(ecdsa + "/" + clients);
                ThreadCpu.Spread total = ThreadCpu.Spread.of(runs.stream().map(LogonLoad.Result::serverCpuMicrosPerLogon).toList());
                double kernel = ThreadCpu.Spread.of(runs.stream().map(LogonLoad.Result::serverKernelMicrosPerLogon).toList()).median();
                double overhead = total.median() - sum;
                System.out.printf(Locale.ROOT, "| %s | %d | %s | %.0f | %.0f | %.0f | %.1f %% | %.0f | %.1f %% |%n", label(ecdsa),
                        clients, total.format(), kernel, sum, overhead, 100 * overhead / total.median(), overhead - kernel,
                        100 * (overhead - kernel) / total.median());
            }
        }
    }

    /**
     * The parts again, measured on this thread while {@code profileClients} clients log on: the
     * same CPU-time measurement, but with the clients and the server sharing the cores and caches
     * as they do when the total is measured.
     */
    private static void partsUnderLoad(BenchBank bank, CostSplit split, Options options,
            Map<String, List<LogonLoad.Result>> loads) throws Exception {
        System.out.println();
        System.out.printf(Locale.ROOT, "Parts measured while %d clients log on (one pass):%n%n", options.profileClients);
        System.out.println("| ECDSA | handshake | certificate check | lock check | secret hash | secret check | session row"
                + " | sum of parts | server CPU µs/logon (rounds) | overhead % |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String ecdsa : options.ecdsa) {
            useEcdsa(ecdsa);
            var load = CompletableFuture.supplyAsync(() -> {
                try {
                    return LogonLoad.run(bank, options.shape, options.profileClients, 3 * options.seconds, Optional.empty());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(3000); // the load's own warm-up
            boolean bc = ecdsa.equals("bc");
            double handshake = ThreadCpu.Spread.of(split.handshake(bc)).median();
            double certificate = ThreadCpu.Spread.of(split.certificateCheck()).median();
            double lock = ThreadCpu.Spread.of(split.lockCheck()).median();
            CostSplit.SecretCheck secret = split.secretCheck();
            double hash = ThreadCpu.Spread.of(secret.hashAlone()).median();
            double check = ThreadCpu.Spread.of(secret.check()).median();
            double session = ThreadCpu.Spread.of(split.sessionInsert()).median();
            boolean overlapped = !load.isDone();
            load.join();
            double sum = handshake + certificate + lock + check + session;
            double total = ThreadCpu.Spread.of(loads.get(ecdsa + "/" + options.profileClients).stream()
                    .map(LogonLoad.Result::serverCpuMicrosPerLogon).toList()).median();
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.1f %%%s |%n", label(ecdsa),
                    handshake, certificate, lock, hash, check, session, sum, total, 100 * (total - sum) / total,
                    overlapped ? "" : " (the load ended before the parts)");
        }
    }

    /**
     * One more run under JFR: where the server's Java samples go, in situ. The samples see code
     * running in user mode, so the µs column applies each stage's share to the rounds' median
     * user-mode CPU per logon at that client count.
     */
    private static void profile(BenchBank bank, String ecdsa, Options options, List<LogonLoad.Result> rounds)
            throws Exception {
        ThreadCpu.Spread user = ThreadCpu.Spread.of(rounds.stream().map(LogonLoad.Result::serverUserMicrosPerLogon).toList());
        useEcdsa(ecdsa);
        Path file = bank.directory.resolve("profile-" + ecdsa + ".jfr");
        // Three times as long as a round's run: the sampler gets few turns on a busy machine.
        LogonLoad.Result r = LogonLoad.run(bank, options.shape, options.profileClients, 3 * options.seconds, Optional.of(file));
        ServerProfile.Breakdown b = r.profile().orElseThrow();
        System.out.printf(Locale.ROOT, "%nJFR profile, %s ECDSA, %d clients: %d logons, %.0f server CPU µs/logon in this run, %d"
                + " samples of server threads running Java (%s), load average %s%n%n", label(ecdsa), options.profileClients,
                r.logons(), r.serverCpuMicrosPerLogon(), b.total(), file, ThreadCpu.loadAverage());
        System.out.printf(Locale.ROOT, "| stage (in situ) | part? | %% of samples | ≈ µs/logon (share × %.0f µs user CPU) |%n",
                user.median());
        System.out.println("|---|---|---:|---:|");
        for (ServerProfile.Stage stage : ServerProfile.Stage.values()) {
            System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %.0f |%n", stage.label, stage.part ? "part" : "overhead",
                    100 * b.share(stage), b.share(stage) * user.median());
        }
        System.out.println();
        System.out.printf("| stage | most sampled frames (leaf ← nearest keybound/Jetty/Jackson/JSSE/H2 caller) | %% of samples |%n");
        System.out.println("|---|---|---:|");
        b.frames().entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(25)
                .forEach(e -> System.out.printf(Locale.ROOT, "| %s | %.1f |%n", e.getKey(), 100.0 * e.getValue() / b.total()));
        System.out.printf(Locale.ROOT, "%nThrowables constructed on server threads: %.2f per logon%n%n",
                b.throwables().values().stream().mapToInt(Integer::intValue).sum() / (double) r.logons());
        System.out.println("| throwable ← constructed in | per logon |");
        System.out.println("|---|---:|");
        b.throwables().entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(10)
                .forEach(e -> System.out.printf(Locale.ROOT, "| %s | %.2f |%n", e.getKey(), e.getValue() / (double) r.logons()));
    }

    private static void printHashCosts() throws Exception {
        System.out.println();
        System.out.println("| Argon2id (m KiB, t, p) | CPU µs per hash: median (min–max) | hashes/s on one core |");
        System.out.println("|---|---:|---:|");
        for (HashParameters p : List.of(new HashParameters(65_536, 3, 4), new HashParameters(19_456, 2, 1),
                new HashParameters(8_192, 1, 1), new HashParameters(1_024, 1, 1))) {
            ThreadCpu.Spread cost = ThreadCpu.Spread.of(CostSplit.hash(p));
            System.out.printf(Locale.ROOT, "| %d, %d, %d | %s | %.1f |%n", p.memoryKiB(), p.iterations(), p.parallelism(),
                    cost.format(), 1e6 / cost.median());
        }
    }

    private static <T> List<T> alternate(List<T> values, int round) {
        if (round % 2 == 1) {
            return values;
        }
        List<T> reversed = new ArrayList<>(values);
        Collections.reverse(reversed);
        return reversed;
    }

    private static void useEcdsa(String ecdsa) {
        if (ecdsa.equals("bc")) {
            TlsEcdsa.useBouncyCastle();
        } else {
            TlsEcdsa.useJdk();
        }
    }

    private static String label(String ecdsa) {
        return ecdsa.equals("bc") ? "BouncyCastle" : "JDK (SunEC)";
    }

    private record Options(List<Integer> clients, int seconds, HashParameters hash, List<String> ecdsa, int rounds,
            int profileClients, boolean tokenVerifiers, LogonLoad.Shape shape) {
        static Options parse(String[] args) {
            List<Integer> clients = List.of(1, 4, 16);
            int seconds = 10;
            HashParameters hash = HashParameters.production();
            List<String> ecdsa = List.of("jdk", "bc");
            int rounds = 3;
            int profileClients = 4;
            boolean tokenVerifiers = false;
            LogonLoad.Shape shape = LogonLoad.Shape.TWO_STEPS;
            for (int i = 0; i + 1 < args.length; i += 2) {
                String value = args[i + 1];
                switch (args[i]) {
                    case "--clients" -> clients = Arrays.stream(value.split(",")).map(Integer::valueOf).toList();
                    case "--seconds" -> seconds = Integer.parseInt(value);
                    case "--hash" -> {
                        int[] p = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
                        hash = new HashParameters(p[0], p[1], p[2]);
                    }
                    case "--ecdsa" -> ecdsa = new ArrayList<>(List.of(value.split(",")));
                    case "--rounds" -> rounds = Integer.parseInt(value);
                    case "--profile" -> profileClients = Integer.parseInt(value);
                    case "--verifier" -> tokenVerifiers = switch (value) {
                        case "token" -> true;
                        case "argon2id" -> false;
                        default -> throw new IllegalArgumentException("--verifier is token or argon2id");
                    };
                    case "--shape" -> shape = switch (value) {
                        case "one" -> LogonLoad.Shape.ONE_REQUEST;
                        case "two" -> LogonLoad.Shape.TWO_STEPS;
                        default -> throw new IllegalArgumentException("--shape is one or two");
                    };
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(clients, seconds, hash, ecdsa, rounds, profileClients, tokenVerifiers, shape);
        }
    }
}

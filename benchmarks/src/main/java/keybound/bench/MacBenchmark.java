package keybound.bench;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_SHA256_HMAC;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_SECRET_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_USER_ALREADY_LOGGED_IN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKU_USER;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import keybound.credentials.HashParameters;
import keybound.credentials.SecretHasher;
import keybound.credentials.SecretVerifiers;
import keybound.issuer.verifier.TokenVerifierKey;
import keybound.token.MacKeyRef;
import keybound.token.Secret;
import keybound.token.TokenSession;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.PKCS11Module;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.Slot;

/**
 * HMAC-SHA256 on SoftHSM: MACs/s through the Token API ({@code TokenSession.mac}) beside raw
 * {@code C_Sign} with {@code CKM_SHA256_HMAC}, at 1 and 4 threads; then one secret check's cost
 * ({@code SecretVerifiers.verify}) token-keyed beside Argon2id at the shipped and a cheap setting.
 *
 * <p>The raw path is what the Token API does underneath with nothing around it: a read-write
 * session of its own per thread (the pool's kind), logged in, the key handle found once, one
 * {@code C_SignInit}+{@code C_Sign} per MAC. Both paths run in the same rounds, in short slices
 * alternating api, raw, raw, api, ..., with all threads switching together, so that a shared
 * machine's changing load falls on both alike; each thread's CPU time per MAC is reported
 * beside the wall-clock rate, as the figure load disturbs least. Rounds' medians are reported.
 *
 * <pre>benchmarks/run mac [--seconds 3 --rounds 3]</pre>
 */
public final class MacBenchmark implements Benchmark {

    private static final byte[] DATA = "keybound secret verifier\0 sixteen-byte-salt123456".getBytes(StandardCharsets.UTF_8);
    /** One slice of one path; short, so that load changes little within an api-raw pair. */
    private static final long SLICE_NANOS = 100_000_000L;
    private static final int API = 0;
    private static final int RAW = 1;

    /** One way of computing the MAC, held by one thread at a time. */
    private interface MacPath extends AutoCloseable {
        void mac();

        @Override
        void close();
    }

    /** One round's figures for both paths, indexed by {@link #API} and {@link #RAW}. */
    private record Round(double[] macsPerSecond, double[] cpuMicrosPerMac) {
    }

    @Override
    public void run(List<String> args) throws Exception {
        int seconds = 3;
        int rounds = 3;
        for (int i = 0; i + 1 < args.size(); i += 2) {
            switch (args.get(i)) {
                case "--seconds" -> seconds = Integer.parseInt(args.get(i + 1));
                case "--rounds" -> rounds = Integer.parseInt(args.get(i + 1));
                default -> throw new IllegalArgumentException("unknown option " + args.get(i));
            }
        }
        try (BenchToken bench = BenchToken.create()) {
            MacKeyRef key = generateKey(bench);
            Slot slot = rawSlot(bench);
            System.out.printf(Locale.ROOT, "%n# MAC benchmark: %d cores, %d s per path and round, %d rounds, load %.1f%n%n",
                    Runtime.getRuntime().availableProcessors(), seconds, rounds, load());
            System.out.println("| path | threads | MACs/s per round | median MACs/s | CPU µs per MAC (median) "
                    + "| Token API / raw, by rate | Token API / raw, by CPU |");
            System.out.println("|---|---:|---|---:|---:|---:|---:|");
            for (int threads : List.of(1, 4)) {
                List<MacPath> api = new ArrayList<>();
                List<MacPath> raw = new ArrayList<>();
                try {
                    for (int t = 0; t < threads; t++) {
                        api.add(apiPath(bench, key));
                        raw.add(rawPath(bench, slot, key));
                    }
                    measure(List.of(api, raw), 1); // warm-up, not reported
                    List<Round> results = new ArrayList<>();
                    for (int r = 0; r < rounds; r++) {
                        results.add(measure(List.of(api, raw), seconds));
                    }
                    report(threads, results);
                } finally {
                    raw.forEach(MacPath::close); // before the leases: the last lease may log the token out
                    api.forEach(MacPath::close);
                }
            }
            verifierCosts(bench, rounds);
        }
    }

    private static void report(int threads, List<Round> rounds) {
        double[] apiRate = rounds.stream().mapToDouble(r -> r.macsPerSecond()[API]).toArray();
        double[] rawRate = rounds.stream().mapToDouble(r -> r.macsPerSecond()[RAW]).toArray();
        double apiCpu = median(rounds.stream().mapToDouble(r -> r.cpuMicrosPerMac()[API]).toArray());
        double rawCpu = median(rounds.stream().mapToDouble(r -> r.cpuMicrosPerMac()[RAW]).toArray());
        // Both ratios read "at least 0.9 is on target": by CPU, the raw path's cost over the API's.
        System.out.printf(Locale.ROOT, "| Token API `TokenSession.mac` | %d | %s | %.0f | %.1f | %.2f | %.2f |%n", threads,
                list(apiRate), median(apiRate), apiCpu, median(apiRate) / median(rawRate), rawCpu / apiCpu);
        System.out.printf(Locale.ROOT, "| raw `C_Sign` CKM_SHA256_HMAC (own RW session, handle found once) | %d | %s | %.0f | %.1f | | |%n",
                threads, list(rawRate), median(rawRate), rawCpu);
    }

    /**
     * Runs each path for {@code seconds} on as many threads as it has entries, in slices that
     * alternate api, raw, raw, api (so neither always goes first), all threads together.
     */
    private static Round measure(List<List<MacPath>> paths, int seconds) throws Exception {
        int threads = paths.get(API).size();
        int slicesPerPath = (int) Math.max(2, seconds * 1_000_000_000L / SLICE_NANOS);
        CyclicBarrier together = new CyclicBarrier(threads);
        LongAdder[] macs = {new LongAdder(), new LongAdder()};
        LongAdder[] cpuNanos = {new LongAdder(), new LongAdder()};
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                workers.add(pool.submit(() -> {
                    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
                    for (int slice = 0; slice < 2 * slicesPerPath; slice++) {
                        int path = slice % 4 == 0 || slice % 4 == 3 ? API : RAW;
                        MacPath mac = paths.get(path).get(thread);
                        together.await();
                        long cpuStart = cpu.getCurrentThreadCpuTime();
                        long end = System.nanoTime() + SLICE_NANOS;
                        long done = 0;
                        while (System.nanoTime() < end) {
                            mac.mac();
                            done++;
                        }
                        cpuNanos[path].add(cpu.getCurrentThreadCpuTime() - cpuStart);
                        macs[path].add(done);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double measuredSeconds = slicesPerPath * SLICE_NANOS / 1e9;
        double[] rate = new double[2];
        double[] cpuPerMac = new double[2];
        for (int path : new int[] {API, RAW}) {
            rate[path] = macs[path].sum() / measuredSeconds;
            cpuPerMac[path] = cpuNanos[path].sum() / 1000.0 / macs[path].sum();
        }
        return new Round(rate, cpuPerMac);
    }

    /** A lease of its own, as a logon thread holds one from TokenVerifierKey's few. */
    private static MacPath apiPath(BenchToken bench, MacKeyRef key) {
        TokenSession lease;
        try (Secret pin = Secret.of(bench.spec().userPin())) {
            lease = bench.token().open(pin);
        }
        return new MacPath() {
            @Override
            public void mac() {
                lease.mac(key, DATA);
            }

            @Override
            public void close() {
                lease.close();
            }
        };
    }

    /** A read-write session of its own (the pool's kind), logged in, the key's handle found once. */
    private static MacPath rawPath(BenchToken bench, Slot slot, MacKeyRef key) throws PKCS11Exception {
        Session session = slot.getToken().openSession(true);
        try {
            session.login(CKU_USER, bench.spec().userPin().toCharArray());
        } catch (PKCS11Exception e) {
            if (e.getErrorCode() != CKR_USER_ALREADY_LOGGED_IN) {
                session.closeSession();
                throw e;
            }
        }
        long handle = session.findObjectsSingle(new AttributeVector().class_(CKO_SECRET_KEY).id(key.idBytes()), 1)[0];
        Mechanism hmac = new Mechanism(CKM_SHA256_HMAC);
        return new MacPath() {
            @Override
            public void mac() {
                try {
                    session.signSingle(hmac, handle, DATA);
                } catch (PKCS11Exception e) {
                    throw new IllegalStateException("raw C_Sign failed: " + e.getMessage(), e);
                }
            }

            @Override
            public void close() {
                try {
                    session.closeSession();
                } catch (PKCS11Exception e) {
                    throw new IllegalStateException("closing the raw session failed: " + e.getMessage(), e);
                }
            }
        };
    }

    private static MacKeyRef generateKey(BenchToken bench) {
        try (Secret pin = Secret.of(bench.spec().userPin()); TokenSession session = bench.token().open(pin)) {
            return session.generateMacKey("bench-verifier");
        }
    }

    private static void verifierCosts(BenchToken bench, int rounds) {
        System.out.printf(Locale.ROOT, "%n| secret check (`SecretVerifiers.verify`, one thread) | µs per check, median of %d | checks/s |%n", rounds);
        System.out.println("|---|---:|---:|");
        TokenVerifierKey tokenKey;
        try (Secret pin = Secret.of(bench.spec().userPin())) {
            tokenKey = TokenVerifierKey.open(bench.token(), pin, "bench-verifier", false, 1);
        }
        try (tokenKey) {
            var keyed = new SecretVerifiers(tokenKey, List.of(), new SecretHasher(HashParameters.testing()));
            row("token-keyed HMAC-SHA256 (new default)", keyed, 2000, rounds);
            row("Argon2id 64 MiB, t=3, p=4 (shipped before)", SecretVerifiers.argon2Only(new SecretHasher(HashParameters.production())), 5, rounds);
            row("Argon2id 1 MiB, t=1, p=1 (a cheap memory-hard hash)", SecretVerifiers.argon2Only(new SecretHasher(new HashParameters(1024, 1, 1))), 200, rounds);
        }
    }

    private static void row(String name, SecretVerifiers verifiers, int count, int rounds) {
        String stored = verifiers.create(Secret.of("123456"));
        double[] micros = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                if (!verifiers.verify(Secret.of("123456"), stored)) {
                    throw new IllegalStateException("the right secret was refused");
                }
            }
            micros[r] = (System.nanoTime() - start) / 1000.0 / count;
        }
        System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f |%n", name, median(micros), 1e6 / median(micros));
    }

    private static Slot rawSlot(BenchToken bench) throws Exception {
        // A second handle on the library the process already initialised, as IaikPath does.
        PKCS11Module raw = PKCS11Module.getInstance(bench.module().path().toString());
        for (Slot candidate : raw.getSlotList(true)) {
            if (candidate.getToken().getTokenInfo().getSerialNumber().strip().equals(bench.token().info().serial())) {
                return candidate;
            }
        }
        throw new IllegalStateException("the bench token has no slot");
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String list(double[] values) {
        return String.join(", ", Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}

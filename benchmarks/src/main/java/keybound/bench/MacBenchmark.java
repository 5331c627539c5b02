package keybound.bench;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_SHA256_HMAC;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_SECRET_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_USER_ALREADY_LOGGED_IN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKU_USER;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * {@code C_Sign} with {@code CKM_SHA256_HMAC} on a session of one's own, at 1 and 4 threads;
 * then one secret check's cost ({@code SecretVerifiers.verify}) token-keyed beside Argon2id at
 * the shipped and a cheap setting. Rounds alternate the order; medians are reported.
 *
 * <pre>benchmarks/run mac [--seconds 3 --rounds 3]</pre>
 */
public final class MacBenchmark implements Benchmark {

    private static final byte[] DATA = "keybound secret verifier\0 sixteen-byte-salt123456".getBytes(StandardCharsets.UTF_8);

    @Override
    public void run(List<String> args) throws Exception {
        int secondsOption = 3;
        int rounds = 3;
        for (int i = 0; i + 1 < args.size(); i += 2) {
            switch (args.get(i)) {
                case "--seconds" -> secondsOption = Integer.parseInt(args.get(i + 1));
                case "--rounds" -> rounds = Integer.parseInt(args.get(i + 1));
                default -> throw new IllegalArgumentException("unknown option " + args.get(i));
            }
        }
        int seconds = secondsOption;
        try (BenchToken bench = BenchToken.create()) {
            MacKeyRef key = generateKey(bench);
            Slot slot = rawSlot(bench);
            System.out.printf(Locale.ROOT, "%n# MAC benchmark: %d cores, %d s per run, %d rounds, load %.1f%n%n",
                    Runtime.getRuntime().availableProcessors(), seconds, rounds, load());
            System.out.println("| path | threads | MACs/s per round | median MACs/s | Token API / raw |");
            System.out.println("|---|---:|---|---:|---:|");
            for (int threads : List.of(1, 4)) {
                double[] api = new double[rounds];
                double[] raw = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    boolean apiFirst = r % 2 == 0;
                    if (apiFirst) {
                        api[r] = rate(threads, seconds, () -> apiMacs(bench, key, seconds));
                        raw[r] = rate(threads, seconds, () -> rawMacs(bench, slot, key, seconds));
                    } else {
                        raw[r] = rate(threads, seconds, () -> rawMacs(bench, slot, key, seconds));
                        api[r] = rate(threads, seconds, () -> apiMacs(bench, key, seconds));
                    }
                }
                System.out.printf(Locale.ROOT, "| Token API `TokenSession.mac` | %d | %s | %.0f | %.2f |%n", threads, list(api),
                        median(api), median(api) / median(raw));
                System.out.printf(Locale.ROOT, "| raw `C_Sign` CKM_SHA256_HMAC (own session, handle found once) | %d | %s | %.0f | |%n",
                        threads, list(raw), median(raw));
            }
            verifierCosts(bench, rounds);
        }
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

    private static long apiMacs(BenchToken bench, MacKeyRef key, int seconds) {
        try (Secret pin = Secret.of(bench.spec().userPin()); TokenSession session = bench.token().open(pin)) {
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            long done = 0;
            while (System.nanoTime() < end) {
                session.mac(key, DATA);
                done++;
            }
            return done;
        }
    }

    private static long rawMacs(BenchToken bench, Slot slot, MacKeyRef key, int seconds) throws PKCS11Exception {
        Session session = slot.getToken().openSession(false);
        try {
            try {
                session.login(CKU_USER, bench.spec().userPin().toCharArray());
            } catch (PKCS11Exception e) {
                if (e.getErrorCode() != CKR_USER_ALREADY_LOGGED_IN) {
                    throw e;
                }
            }
            long handle = session.findObjectsSingle(new AttributeVector().class_(CKO_SECRET_KEY).id(key.idBytes()), 1)[0];
            Mechanism hmac = new Mechanism(CKM_SHA256_HMAC);
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            long done = 0;
            while (System.nanoTime() < end) {
                session.signSingle(hmac, handle, DATA);
                done++;
            }
            return done;
        } finally {
            session.closeSession();
        }
    }

    private static double rate(int threads, int seconds, Callable<Long> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Long>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(work));
            }
            long total = 0;
            for (Future<Long> f : futures) {
                total += f.get();
            }
            return total / (double) seconds;
        } finally {
            pool.shutdownNow();
        }
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

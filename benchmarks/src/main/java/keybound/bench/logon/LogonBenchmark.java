package keybound.bench.logon;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import keybound.credentials.HashParameters;
import keybound.server.TlsEcdsa;
import keybound.token.jca.TokenProvider;

/**
 * Complete certificate-method logons per second over loopback (mTLS with the user's key on
 * SoftHSM, then ト), with 1, 4 and 16 concurrent clients, for JDK and BouncyCastle ECDSA
 * verification in the server's handshake; then the server's cost per logon by part, and the
 * secret hash's cost at several Argon2id settings. Prints Markdown tables.
 *
 * <pre>
 *   mvn -B -pl benchmarks -am -Pbench-logon -DskipTests verify [-Dbench.logon.args="--seconds 10 --hash 65536,3,4"]
 * </pre>
 * Options: {@code --clients 1,4,16}, {@code --seconds 10}, {@code --hash m,t,p} (the bank's
 * Argon2id cost for ト; default RFC 9106's 65536,3,4), {@code --ecdsa jdk,bc}.
 */
public final class LogonBenchmark {

    private LogonBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        TokenProvider.install();
        int users = options.clients.stream().mapToInt(Integer::intValue).max().orElse(1);
        System.out.printf(Locale.ROOT, "%n# Logon benchmark: %d cores, Java %s, hash m=%d KiB t=%d p=%d, %d s per run%n%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), options.hash.memoryKiB(),
                options.hash.iterations(), options.hash.parallelism(), options.seconds);
        try (BenchBank bank = new BenchBank(users, options.hash)) {
            System.out.println("| ECDSA verify in handshake | clients | logons | logons/s | p50 ms | p99 ms | server CPU µs/logon |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|");
            for (String ecdsa : options.ecdsa) {
                if (ecdsa.equals("bc")) {
                    TlsEcdsa.useBouncyCastle();
                } else {
                    TlsEcdsa.useJdk();
                }
                for (int clients : options.clients) {
                    LogonLoad.Result r = LogonLoad.run(bank, clients, options.seconds);
                    System.out.printf(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f | %.1f | %.0f |%n", ecdsa.equals("bc")
                            ? "BouncyCastle" : "JDK (SunEC)", clients, r.logons(), r.perSecond(), r.p50(), r.p99(),
                            r.serverCpuMicrosPerLogon());
                }
            }
            costSplit(bank, options.hash);
        }
        TlsEcdsa.useBouncyCastle();
    }

    private static void costSplit(BenchBank bank, HashParameters hash) throws Exception {
        double handshakeJdk = CostSplit.handshakeMicros(bank, false, 300);
        double handshakeBc = CostSplit.handshakeMicros(bank, true, 300);
        double verifyJdk = CostSplit.ecdsaVerifyMicros(false, 2000);
        double verifyBc = CostSplit.ecdsaVerifyMicros(true, 5000);
        double certificate = CostSplit.certificateCheckMicros(bank, 2000);
        int hashes = hash.memoryKiB() >= 16_384 ? 20 : 200;
        double hashOnly = CostSplit.hashMicros(hash, hashes);
        double check = CostSplit.secretCheckMicros(bank, hashes);
        System.out.println();
        System.out.println("| server cost per logon | µs (JDK ECDSA) | µs (BouncyCastle ECDSA) |");
        System.out.println("|---|---:|---:|");
        row("TLS 1.3 handshake, server side (incl. client chain + CertificateVerify)", handshakeJdk, handshakeBc);
        row("  of which: one ECDSA P-256 verification", verifyJdk, verifyBc);
        row("certificate check in the registry (standing + holder)", certificate, certificate);
        row("secret hash (Argon2id verify of ト)", hashOnly, hashOnly);
        row("database around the secret check (read, clear failures)", check - hashOnly, check - hashOnly);
        row("sum of the parts", handshakeJdk + certificate + check, handshakeBc + certificate + check);
        System.out.println();
        System.out.println("| Argon2id (m KiB, t, p) | µs per hash | hashes/s on one core |");
        System.out.println("|---|---:|---:|");
        for (HashParameters p : List.of(new HashParameters(65_536, 3, 4), new HashParameters(19_456, 2, 1),
                new HashParameters(8_192, 1, 1), new HashParameters(1_024, 1, 1))) {
            double micros = CostSplit.hashMicros(p, p.memoryKiB() >= 16_384 ? 20 : 100);
            System.out.printf(Locale.ROOT, "| %d, %d, %d | %.0f | %.1f |%n", p.memoryKiB(), p.iterations(), p.parallelism(), micros,
                    1e6 / micros);
        }
    }

    private static void row(String part, double jdk, double bc) {
        System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f |%n", part, jdk, bc);
    }

    private record Options(List<Integer> clients, int seconds, HashParameters hash, List<String> ecdsa) {
        static Options parse(String[] args) {
            List<Integer> clients = List.of(1, 4, 16);
            int seconds = 10;
            HashParameters hash = HashParameters.production();
            List<String> ecdsa = List.of("jdk", "bc");
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
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(clients, seconds, hash, ecdsa);
        }
    }
}

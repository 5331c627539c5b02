package keybound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import keybound.bankapi.BankApi;
import keybound.bankapi.client.BankApiException;
import keybound.bankapi.client.BankClient;
import keybound.bankapi.client.BankSettings;
import keybound.testkit.softhsm.SoftHsmEnvironment;
import keybound.testkit.softhsm.SoftHsmExtension;
import keybound.token.Secret;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's unauthenticated Argon2 flood against {@code keybound server} in its own JVM with a
 * small heap ({@value #HEAP_MIB} MiB): {@value #CLIENTS} clients send acquisitions for made-up
 * contracts, each of which costs one Argon2id verification at the shipped cost (64 MiB, 3
 * passes, 4 lanes) — the cost of every verifier made before token keys. Two checks run at once
 * ({@code secrets.admission.concurrent=2}), so the heap needs 2 × 64 MiB for them, whatever
 * arrives; the rest are answered 503 {@code service-busy}. The server must not run out of memory,
 * must answer only 401 or 503, and {@code /health} must keep answering. Prints the figures.
 */
@ExtendWith(SoftHsmExtension.class)
class ArgonFloodTest {

    private static final int CLIENTS = 32;
    private static final int HEAP_MIB = 320;
    private static final int CONCURRENT = 2;
    private static final Duration FLOOD = Duration.ofSeconds(15);
    private static final BankApi.TokenDescription TOKEN = new BankApi.TokenDescription("PKCS11", "software key", "flood");

    @TempDir
    Path directory;

    @Test
    void argon2FloodIsAnswered503WithinABoundedHeapAndHealthAnswers(SoftHsmEnvironment softhsm) throws Exception {
        Path data = directory.resolve("data");
        String caLabel = ServerProcess.caToken(softhsm, "flood-ca");
        Path config = Files.write(directory.resolve("bank.properties"), List.of("data.dir=" + data,
                "ca.module=" + softhsm.module(), "ca.token-label=" + caLabel, "listen.host=127.0.0.1", "listen.port=0",
                "tls.auto=true", "verifier.key-label=argon2id", // every verifier an Argon2id hash at the shipped cost
                "secrets.admission.concurrent=" + CONCURRENT, "secrets.admission.queue=4",
                "secrets.admission.wait-millis=1000",
                // all clients share one address: the admission, not the per-address rate, is under test
                "limits.requests-per-second=100000", "limits.request-burst=100000",
                "limits.secret-requests-per-second=100000", "limits.secret-request-burst=100000"));
        Map<String, String> environment = ServerProcess.environment();
        ServerProcess.createCa(config, environment);

        try (ServerProcess server = ServerProcess.start(directory, config, environment,
                List.of("-Xmx" + HEAP_MIB + "m", "-XX:+ExitOnOutOfMemoryError"))) {
            BankClient client = BankClient.connect(new BankSettings(server.address(), ServerProcess.caChain(data)), Optional.empty());
            Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
            var stop = new AtomicBoolean();
            String csr = csr();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                var thread = new Thread(() -> {
                    while (!stop.get()) {
                        answers.computeIfAbsent(acquire(client, csr), k -> new AtomicLong()).incrementAndGet();
                    }
                });
                thread.start();
                clients.add(thread);
            }
            long peakRss = 0;
            long slowestHealthMillis = 0;
            int healthAnswered = 0;
            long end = System.nanoTime() + FLOOD.toNanos();
            while (System.nanoTime() < end) {
                peakRss = Math.max(peakRss, rssKib(server.pid()));
                long asked = System.nanoTime();
                try {
                    if (client.healthy()) {
                        healthAnswered++;
                    }
                } catch (RuntimeException e) {
                    // not answered: counted by its absence
                }
                slowestHealthMillis = Math.max(slowestHealthMillis, (System.nanoTime() - asked) / 1_000_000);
                Thread.sleep(250);
            }
            stop.set(true);
            for (Thread thread : clients) {
                thread.join();
            }
            peakRss = Math.max(peakRss, rssKib(server.pid()));
            System.out.printf("Argon2 flood: %d clients, %d s, -Xmx%dm, %d checks at once | 401: %d | 503: %d | other: %s"
                            + " | peak RSS %d MiB | health answered %d, slowest %d ms%n", CLIENTS, FLOOD.toSeconds(),
                    HEAP_MIB, CONCURRENT, count(answers, "credentials-rejected"), count(answers, "service-busy"),
                    others(answers), peakRss / 1024, healthAnswered, slowestHealthMillis);

            assertTrue(server.alive(), "the server survived the flood: " + server.output());
            assertFalse(server.output().contains("OutOfMemoryError"), server.output());
            assertTrue(count(answers, "credentials-rejected") > 0, "some checks ran: " + answers);
            assertTrue(count(answers, "service-busy") > 0, "the rest were refused for capacity: " + answers);
            assertEquals(Map.of(), others(answers), "only 401 and 503");
            assertTrue(healthAnswered > 0, "health answered during the flood");
            assertTrue(client.healthy(), "health after the flood");
        }
    }

    /** One acquisition for a made-up contract: the code it was answered with. */
    private static String acquire(BankClient client, String csr) {
        String contract = "9" + (100_000_000 + ThreadLocalRandom.current().nextInt(900_000_000));
        try {
            client.acquireAdministrator(new BankApi.AdministratorAcquisition(contract, Secret.of("123456"),
                    Secret.of("654321"), csr, TOKEN, null));
            return "issued?!";
        } catch (BankApiException e) {
            return e.code();
        } catch (RuntimeException e) {
            return "no answer: " + e.getClass().getSimpleName();
        }
    }

    private static long count(Map<String, AtomicLong> answers, String code) {
        return answers.getOrDefault(code, new AtomicLong()).get();
    }

    private static Map<String, Long> others(Map<String, AtomicLong> answers) {
        Map<String, Long> others = new HashMap<>();
        answers.forEach((code, n) -> {
            if (!code.equals("credentials-rejected") && !code.equals("service-busy")) {
                others.put(code, n.get());
            }
        });
        return others;
    }

    /** The process's resident memory in KiB (heap, Argon2 blocks, metaspace, threads). */
    private static long rssKib(long pid) throws IOException {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.exists(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    private static String csr() throws Exception {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        var pair = generator.generateKeyPair();
        return Base64.getEncoder().encodeToString(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=flood"),
                pair.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())).getEncoded());
    }
}

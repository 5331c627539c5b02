package keybound.bench.logon;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import keybound.bankapi.BankApi;
import keybound.bankapi.client.BankClient;
import keybound.bankapi.client.BankSettings;
import keybound.token.jca.TokenKeyManager;

/**
 * Complete logons over loopback, each on a new TLS connection with a full handshake (a new client
 * and SSL context per logon, so no session resumption): mTLS with the user's key on SoftHSM, then
 * ト. {@code clients} threads, one user (token) each, for a fixed time.
 */
final class LogonLoad {

    /** The server's threads: Jetty's pool, which does the handshake, HTTP and the logon itself. */
    static final String SERVER_THREADS = "bank-server";

    /**
     * Logons per second, latency percentiles in milliseconds, the server's CPU µs per logon and the
     * kernel-mode part of it, and a profile if asked.
     */
    record Result(int clients, int logons, double perSecond, double p50, double p99, double serverCpuMicrosPerLogon,
            double serverKernelMicrosPerLogon, Optional<ServerProfile.Breakdown> profile) {

        double serverUserMicrosPerLogon() {
            return serverCpuMicrosPerLogon - serverKernelMicrosPerLogon;
        }
    }

    private LogonLoad() {
    }

    /** Runs the load; with {@code profileFile}, the measured seconds are also recorded by JFR there. */
    static Result run(BenchBank bank, int clients, int seconds, Optional<Path> profileFile) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        CountDownLatch done = new CountDownLatch(clients);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int c = 0; c < clients; c++) {
            BenchBank.BenchUser user = bank.users.get(c);
            var keys = new TokenKeyManager(user.session(), List.of());
            Thread thread = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        long start = System.nanoTime();
                        logon(bank, keys, user);
                        if (measuring.get()) {
                            latencies.add(System.nanoTime() - start);
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                } finally {
                    done.countDown();
                }
            }, "logon-client-" + c);
            thread.setDaemon(true);
            thread.start();
        }
        Thread.sleep(2000); // warm-up
        Optional<ServerProfile> profile = profileFile.map(ServerProfile::start);
        Map<Long, ThreadCpu.Usage> cpuBefore = ThreadCpu.threadsNamed(SERVER_THREADS);
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        ThreadCpu.Usage cpu = ThreadCpu.usedBetween(cpuBefore, ThreadCpu.threadsNamed(SERVER_THREADS));
        double elapsed = (System.nanoTime() - start) / 1e9;
        Optional<ServerProfile.Breakdown> breakdown = Optional.empty();
        try {
            if (profile.isPresent()) {
                try (ServerProfile recording = profile.get()) {
                    breakdown = Optional.of(recording.stop(SERVER_THREADS));
                }
            }
        } finally {
            stop.set(true); // the clients stop even when the profile cannot be read
            done.await();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a logon failed", failures.get(0));
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            throw new IllegalStateException("no logon completed in " + seconds + " s with " + clients + " clients");
        }
        return new Result(clients, sorted.size(), sorted.size() / elapsed, percentile(sorted, 0.50), percentile(sorted, 0.99),
                cpu.cpu() / 1000.0 / sorted.size(), cpu.kernel() / 1000.0 / sorted.size(), breakdown);
    }

    private static void logon(BenchBank bank, TokenKeyManager keys, BenchBank.BenchUser user) {
        BankClient client = BankClient.connect(new BankSettings(bank.base, bank.caChain()), Optional.of(keys));
        BankApi.SecondStep step = client.logonWithCertificate();
        BankApi.Session session = client.completeWithUserPin(step.attempt(), user.userPin());
        if (session.session() == null) {
            throw new IllegalStateException("no session");
        }
    }

    private static double percentile(List<Long> sorted, double p) {
        int index = (int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}

package keybound.bench.logon;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import keybound.server.client.BankApi;
import keybound.server.client.BankClient;
import keybound.token.jca.TokenKeyManager;

/**
 * Complete logons over loopback, each on a new TLS connection with a full handshake (a new client
 * and SSL context per logon, so no session resumption): mTLS with the user's key on SoftHSM, then
 * ト. {@code clients} threads, one user (token) each, for a fixed time.
 */
final class LogonLoad {

    /** Logons per second and latency percentiles in milliseconds. */
    record Result(int clients, int logons, double perSecond, double p50, double p99, double serverCpuMicrosPerLogon) {
    }

    private LogonLoad() {
    }

    static Result run(BenchBank bank, int clients, int seconds) throws Exception {
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
        long cpuBefore = serverCpuNanos();
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        long cpu = serverCpuNanos() - cpuBefore;
        double elapsed = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        done.await();
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a logon failed", failures.get(0));
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Result(clients, sorted.size(), sorted.size() / elapsed, percentile(sorted, 0.50), percentile(sorted, 0.99),
                sorted.isEmpty() ? Double.NaN : cpu / 1000.0 / sorted.size());
    }

    /** CPU time of the server's threads (Jetty's pool is named "bank-server"): the server's own cost, without the clients'. */
    private static long serverCpuNanos() {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("bank-server")) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                total += Math.max(0, cpu);
            }
        }
        return total;
    }

    private static void logon(BenchBank bank, TokenKeyManager keys, BenchBank.BenchUser user) {
        BankClient client = BankClient.connect(bank.base, bank.caChain(), Optional.of(keys));
        BankApi.SecondStep step = client.logonWithCertificate();
        BankApi.Session session = client.completeWithUserPin(step.attempt(), user.userPin().clone());
        if (session.session() == null) {
            throw new IllegalStateException("no session");
        }
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}

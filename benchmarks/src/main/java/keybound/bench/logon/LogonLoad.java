package keybound.bench.logon;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import keybound.bankapi.BankApi;
import keybound.bankapi.client.BankClient;
import keybound.bankapi.client.BankSettings;
import keybound.token.jca.TokenKeyManager;

/**
 * Complete logons over loopback, each on a new TLS connection with a full handshake (a new client
 * and SSL context per logon, so no session resumption): mTLS with the user's key on SoftHSM, then
 * ト. {@code clients} threads, one user (token) each, for a fixed time. {@link #measure} runs any
 * other per-client request the same way (the capacity benchmark's bare TLS request and password
 * logons).
 */
final class LogonLoad {

    /** The server's threads: Jetty's pool, which does the handshake, HTTP and the logon itself. */
    static final String SERVER_THREADS = "bank-server";

    /**
     * Logons per second, latency percentiles in milliseconds, the server threads' CPU µs per logon and
     * the kernel-mode part of it, for a server in a process of its own that whole process's CPU µs per
     * logon, its kernel part and the part of the JVM's own threads (JIT compilers, GC, VM thread; all
     * NaN otherwise), and a profile if asked. With no logon completed the rates are 0 and the
     * percentiles and costs NaN.
     */
    record Result(int clients, int logons, double perSecond, double p50, double p99, double serverCpuMicrosPerLogon,
            double serverKernelMicrosPerLogon, double processCpuMicrosPerLogon, double processKernelMicrosPerLogon,
            double processJvmMicrosPerLogon, Optional<ServerProfile.Breakdown> profile) {

        double serverUserMicrosPerLogon() {
            return serverCpuMicrosPerLogon - serverKernelMicrosPerLogon;
        }
    }

    /** CPU time so far, in ns, by thread id (one entry for a whole process): see {@link ThreadCpu#usedBetween}. */
    @FunctionalInterface
    interface CpuReading {
        Map<Long, ThreadCpu.Usage> read();
    }

    /**
     * Where a load's server CPU is read: the threads named {@code threads} (the Jetty pool, which does
     * the handshake, HTTP and the logon) and, for a server in a process of its own, the whole process
     * and the JVM's own threads in it.
     */
    record ServerCpu(String threads, CpuReading pool, Optional<CpuReading> process, Optional<CpuReading> jvm) {

        /**
         * The pool's threads in this JVM (their CPU from the JVM's thread bean), and this JVM's own
         * threads (JIT compilers, GC, VM thread: the clients' share included), which tell whether the
         * JIT was still compiling.
         */
        static ServerCpu inThisJvm(String threads) {
            return inThisJvm(threads, List.of(threads));
        }

        /**
         * The bank's: its pool's threads and H2's own, which write the logon state's file in the
         * background (it keeps H2's write delay, so its commits leave that work to them).
         */
        static ServerCpu bankInThisJvm() {
            return inThisJvm(SERVER_THREADS, List.of(SERVER_THREADS, "MVStore background writer", "H2-save", "H2-serialization"));
        }

        private static ServerCpu inThisJvm(String threads, List<String> counted) {
            long self = ProcessHandle.current().pid();
            return new ServerCpu(threads, () -> ThreadCpu.threadsNamed(counted), Optional.empty(),
                    Optional.of(() -> ProcessCpu.threadsMatching(self, ProcessCpu::isJvmThread)));
        }

        /** The pool's threads of process {@code pid}, that process and its JVM threads, from /proc. */
        static ServerCpu inProcess(long pid, String threads) {
            return new ServerCpu(threads, () -> ProcessCpu.threadsNamed(pid, threads),
                    Optional.of(() -> Map.of(pid, ProcessCpu.ofProcess(pid))),
                    Optional.of(() -> ProcessCpu.threadsMatching(pid, ProcessCpu::isJvmThread)));
        }
    }

    /** One client's repeated request; each call is one timed operation (a logon, a bare request). */
    @FunctionalInterface
    interface Request {
        void run() throws Exception;
    }

    /**
     * How long to measure: at least {@code seconds}, then on until {@code minOperations} completed
     * or {@code maxSeconds} passed, whichever comes first (a slow setting still gets a sample).
     */
    record Duration(int seconds, int minOperations, int maxSeconds) {
        static Duration fixed(int seconds) {
            return new Duration(seconds, 0, seconds);
        }
    }

    private LogonLoad() {
    }

    /** Runs the load in {@code shape}; with {@code profileFile}, the measured seconds are also recorded by JFR there. */
    static Result run(BenchBank bank, Shape shape, int clients, int seconds, Optional<Path> profileFile) throws Exception {
        Result result = measure(clients, Duration.fixed(seconds), ServerCpu.bankInThisJvm(),
                logons(bank.endpoint(), shape), profileFile);
        if (result.logons() == 0) {
            throw new IllegalStateException("no logon completed in " + seconds + " s with " + clients + " clients");
        }
        return result;
    }

    /** How a user's certificate-method logon travels. */
    enum Shape {
        /** {@code POST /logon/mtls}, then {@code POST /logon/second-step} with ト: the administrator's shape, and the web pages'. */
        TWO_STEPS,
        /** {@code POST /logon/user} with ト: the station's user logon, one request and no pending logon. */
        ONE_REQUEST
    }

    /** Certificate-method logons of the bank's users in the given shape, one user (token) per client. */
    static IntFunction<Request> logons(BankEndpoint bank, Shape shape) {
        return c -> {
            BenchBank.BenchUser user = bank.users().get(c);
            var keys = new TokenKeyManager(user.session(), List.of());
            return () -> logon(bank, keys, user, shape);
        };
    }

    /**
     * {@code clients} threads, each repeating its {@code requests} after a 2 s warm-up, with the
     * server's CPU read where {@code server} says (a profile only for a server in this JVM). A
     * failed request stops the run and is thrown.
     */
    static Result measure(int clients, Duration duration, ServerCpu server, IntFunction<Request> requests,
            Optional<Path> profileFile) throws Exception {
        if (profileFile.isPresent() && server.process().isPresent()) {
            throw new IllegalArgumentException("JFR profiles only a server running in this JVM");
        }
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger measured = new AtomicInteger();
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        CountDownLatch done = new CountDownLatch(clients);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int c = 0; c < clients; c++) {
            Request request = requests.apply(c);
            Thread thread = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        long start = System.nanoTime();
                        request.run();
                        if (measuring.get()) {
                            latencies.add(System.nanoTime() - start);
                            measured.incrementAndGet();
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                    stop.set(true);
                } finally {
                    done.countDown();
                }
            }, "logon-client-" + c);
            thread.setDaemon(true);
            thread.start();
        }
        Thread.sleep(2000); // warm-up
        Optional<ServerProfile> profile = profileFile.map(ServerProfile::start);
        Map<Long, ThreadCpu.Usage> cpuBefore = server.pool().read();
        Optional<Map<Long, ThreadCpu.Usage>> processBefore = server.process().map(CpuReading::read);
        Optional<Map<Long, ThreadCpu.Usage>> jvmBefore = server.jvm().map(CpuReading::read);
        measuring.set(true);
        long start = System.nanoTime();
        long minimum = start + duration.seconds() * 1_000_000_000L;
        long maximum = start + Math.max(duration.seconds(), duration.maxSeconds()) * 1_000_000_000L;
        while (!stop.get() && System.nanoTime() < maximum
                && (System.nanoTime() < minimum || measured.get() < duration.minOperations())) {
            Thread.sleep(50);
        }
        measuring.set(false);
        ThreadCpu.Usage cpu = ThreadCpu.usedBetween(cpuBefore, server.pool().read());
        Optional<ThreadCpu.Usage> processCpu = server.process().map(
                reading -> ThreadCpu.usedBetween(processBefore.orElseThrow(), reading.read()));
        Optional<ThreadCpu.Usage> jvmCpu = server.jvm().map(reading -> ThreadCpu.usedBetween(jvmBefore.orElseThrow(), reading.read()));
        double elapsed = (System.nanoTime() - start) / 1e9;
        Optional<ServerProfile.Breakdown> breakdown = Optional.empty();
        try {
            if (profile.isPresent()) {
                try (ServerProfile recording = profile.get()) {
                    breakdown = Optional.of(recording.stop(server.threads()));
                }
            }
        } finally {
            stop.set(true); // the clients stop even when the profile cannot be read
            done.await();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a request failed", failures.get(0));
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        int n = sorted.size();
        double process = processCpu.map(used -> perOperation(used.cpu(), n)).orElse(Double.NaN);
        double processKernel = processCpu.map(used -> perOperation(used.kernel(), n)).orElse(Double.NaN);
        double jvm = jvmCpu.map(used -> perOperation(used.cpu(), n)).orElse(Double.NaN);
        return new Result(clients, n, n / elapsed, percentile(sorted, 0.50), percentile(sorted, 0.99),
                perOperation(cpu.cpu(), n), perOperation(cpu.kernel(), n), process, processKernel, jvm, breakdown);
    }

    /** µs per operation from ns in total; NaN with no operation. */
    private static double perOperation(long nanos, int operations) {
        return operations == 0 ? Double.NaN : nanos / 1000.0 / operations;
    }

    private static void logon(BankEndpoint bank, TokenKeyManager keys, BenchBank.BenchUser user, Shape shape) {
        BankClient client = BankClient.connect(new BankSettings(bank.base(), bank.caChain()), Optional.of(keys));
        BankApi.Session session = shape == Shape.ONE_REQUEST ? client.logonAsUser(user.userPin())
                : client.completeWithUserPin(client.logonWithCertificate().attempt(), user.userPin());
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

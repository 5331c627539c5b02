package keybound.bench.logon;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the server's threads spend their CPU during a load run, in situ: a JFR recording of
 * execution samples (threads running Java code, every 5 ms asked; a starved sampler takes fewer),
 * each sample of a server thread assigned to the first {@link Stage} its stack belongs to, and
 * of the throwables the server's threads construct. Native time (socket reads and writes,
 * epoll) is not in these samples. JFR also samples threads that are runnable but not on a CPU,
 * so on an oversubscribed machine long computations (hash, EC math) get more than their share:
 * for diagnosis, not for the overhead figures (docs/benchmarks.md checks it with perf). Stacks
 * are cut at JFR's stack depth; the bench-logon profile raises it to 256 frames so a frame deep
 * inside the handshake still shows the Jetty frames below.
 */
final class ServerProfile implements AutoCloseable {

    /** What a sample is spent on: the logon's unavoidable parts first, then the overhead. */
    enum Stage {
        SECRET_HASH("secret hash (Argon2id)", true),
        CERTIFICATE_CHECK("certificate check in the registry", true),
        DATABASE("database (lock check, secret rows, session row)", true),
        TLS_HANDSHAKE("TLS handshake (incl. ECDSA, chain validation)", true),
        TLS_RECORDS("TLS record protection of requests/responses", false),
        JSON("JSON (Jackson)", false),
        KEYBOUND("keybound routing, logon logic, sessions", false),
        JETTY("Jetty HTTP parsing, connections, I/O", false),
        OTHER("other JDK code", false);

        final String label;
        final boolean part;

        Stage(String label, boolean part) {
            this.label = label;
            this.part = part;
        }
    }

    /**
     * Sample counts by stage, and by stage and sampled frame; throwables constructed on the server's
     * threads by class (filling in a stack trace runs in the VM, where execution samples do not look).
     */
    record Breakdown(Map<Stage, Integer> samples, Map<String, Integer> frames, Map<String, Integer> throwables) {
        int total() {
            return samples.values().stream().mapToInt(Integer::intValue).sum();
        }

        double share(Stage stage) {
            return total() == 0 ? 0 : samples.getOrDefault(stage, 0) / (double) total();
        }
    }

    private static final Pattern HANDSHAKE_CLASS = Pattern.compile(
            "sun\\.security\\.ssl\\..*(Handshake|Hello|Certificate|Finished|KeyShare|KeyExchange|Ticket|PreSharedKey|"
                    + "KeyDerivation|TrustManager|DelegatedTask|Signature|X509|Authentication|Possession|Credentials).*"
                    + "|sun\\.security\\.(provider\\.certpath|validator|ec|util\\.math)\\..*"
                    + "|org\\.bouncycastle\\.(math\\.ec|crypto\\.signers|jcajce\\.provider\\.asymmetric\\.ec)\\..*");

    private final Recording recording = new Recording();
    private final Path file;

    private ServerProfile(Path file) {
        this.file = file;
        recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(5)).withStackTrace();
        recording.enable("jdk.JavaExceptionThrow").withStackTrace();
        recording.start();
    }

    static ServerProfile start(Path file) {
        return new ServerProfile(file);
    }

    /** Starts and stops JFR once, so its one-time start-up does not fall into a measured run. */
    static void warmUp() {
        try (Recording once = new Recording()) {
            once.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(5)).withStackTrace();
            once.start();
            once.stop();
        }
    }

    /** Stops recording and classifies the samples of threads whose names start with {@code threadPrefix}. */
    Breakdown stop(String threadPrefix) throws Exception {
        recording.stop();
        recording.dump(file);
        Map<Stage, Integer> samples = new EnumMap<>(Stage.class);
        Map<String, Integer> byFrame = new HashMap<>();
        Map<String, Integer> throwables = new HashMap<>();
        for (var event : RecordingFile.readAllEvents(file)) {
            if (event.getEventType().getName().equals("jdk.JavaExceptionThrow")) {
                var thread = event.getThread();
                if (thread != null && thread.getJavaName() != null && thread.getJavaName().startsWith(threadPrefix)) {
                    String where = event.getStackTrace() == null ? "?" : thrower(event.getStackTrace().getFrames());
                    throwables.merge(event.getClass("thrownClass").getName() + " ← " + where, 1, Integer::sum);
                }
                continue;
            }
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            var thread = event.getThread("sampledThread");
            RecordedStackTrace stack = event.getStackTrace();
            if (thread == null || stack == null || thread.getJavaName() == null
                    || !thread.getJavaName().startsWith(threadPrefix)) {
                continue;
            }
            List<RecordedFrame> frames = stack.getFrames();
            Stage stage = classify(frames);
            samples.merge(stage, 1, Integer::sum);
            if (!frames.isEmpty()) {
                byFrame.merge(stage.label + " | " + describe(frames), 1, Integer::sum);
            }
        }
        return new Breakdown(samples, byFrame, throwables);
    }

    @Override
    public void close() {
        recording.close();
    }

    /** The first stage, in {@link Stage} order, that any frame of the stack belongs to. */
    static Stage classify(List<RecordedFrame> frames) {
        boolean hash = false;
        boolean certificate = false;
        boolean database = false;
        boolean handshake = false;
        boolean tls = false;
        boolean json = false;
        boolean keybound = false;
        boolean jetty = false;
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            String method = frame.getMethod().getName();
            hash |= type.startsWith("org.bouncycastle.crypto.generators.Argon2") || type.equals("keybound.credentials.SecretHasher");
            certificate |= type.equals("keybound.logon.CertificateGate");
            // As CostSplit measures it: the lock check and the secret check (minus the hash) through the
            // issuer's port, and opening a session, plus any JDBC work elsewhere.
            database |= type.startsWith("org.h2.") || type.startsWith("keybound.issuer.store.") || type.startsWith("java.sql.")
                    || type.startsWith("com.zaxxer.") || type.endsWith("JdbcSessionStore")
                    || type.equals("keybound.server.wiring.IssuerPorts") && (method.equals("isLocked") || method.equals("check"))
                    || type.equals("keybound.logon.session.Sessions") && method.equals("open");
            handshake |= HANDSHAKE_CLASS.matcher(type).matches();
            tls |= type.startsWith("sun.security.ssl.") || type.startsWith("com.sun.crypto.provider.");
            json |= type.startsWith("com.fasterxml.jackson.");
            keybound |= type.startsWith("keybound.");
            jetty |= type.startsWith("org.eclipse.jetty.");
        }
        if (hash) {
            return Stage.SECRET_HASH;
        }
        if (certificate) {
            return Stage.CERTIFICATE_CHECK;
        }
        if (database) {
            return Stage.DATABASE;
        }
        if (handshake) {
            return Stage.TLS_HANDSHAKE;
        }
        if (tls) {
            return Stage.TLS_RECORDS;
        }
        if (json) {
            return Stage.JSON;
        }
        if (keybound) {
            return Stage.KEYBOUND;
        }
        return jetty ? Stage.JETTY : Stage.OTHER;
    }

    /** The sampled method, and the nearest frame below it in a package that names the work. */
    private static String describe(List<RecordedFrame> frames) {
        String leaf = name(frames.get(0));
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (type.startsWith("keybound.") || type.startsWith("org.eclipse.jetty.") || type.startsWith("com.fasterxml.jackson.")
                    || type.startsWith("sun.security.ssl.") || type.startsWith("org.h2.")) {
                String caller = name(frame);
                return caller.equals(leaf) ? leaf : leaf + " ← " + caller;
            }
        }
        return leaf;
    }

    /** Who constructs a throwable: the first frame below the constructors, and its callers as {@link #describe} names them. */
    private static String thrower(List<RecordedFrame> frames) {
        for (int i = 0; i < frames.size(); i++) {
            RecordedFrame frame = frames.get(i);
            if (!frame.getMethod().getName().equals("<init>") && !frame.getMethod().getType().getName().startsWith("jdk.jfr.")) {
                return describe(frames.subList(i, frames.size())) + callers(frames.subList(i + 1, frames.size()));
            }
        }
        return "?";
    }

    /** The next two JSSE, Jetty or keybound frames further down. */
    private static String callers(List<RecordedFrame> frames) {
        StringBuilder text = new StringBuilder();
        int found = 0;
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (found < 2 && (type.startsWith("sun.security.ssl.") || type.startsWith("org.eclipse.jetty.") || type.startsWith("keybound."))) {
                text.append(" ← ").append(name(frame));
                found++;
            }
        }
        return text.toString();
    }

    private static String name(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
    }
}

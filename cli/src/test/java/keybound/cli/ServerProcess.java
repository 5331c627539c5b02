package keybound.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import keybound.testkit.softhsm.SoftHsmEnvironment;

/**
 * {@code keybound server --config FILE} in its own JVM, on the test's class path, for tests that
 * kill, stop and restart real server processes (ServerCrashTest, MultiNodeTest, ArgonFloodTest), and
 * what such a bank needs before its first start: a CA token, the environment, {@code bank create-ca}.
 */
final class ServerProcess implements AutoCloseable {

    /** Generous: a cold JVM opening a token and a database on a loaded 2-core machine. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final String LISTENING = "Bank server listening on ";
    private static final String CA_PIN = "ca-pin-1";

    private final Process process;
    private final URI address;
    private final Path output;

    private ServerProcess(Process process, URI address, Path output) {
        this.process = process;
        this.address = address;
        this.output = output;
    }

    /**
     * A fresh SoftHSM token for the bank's CA, made as an operator makes it ({@code keybound token
     * init}), its user PIN the one {@link #environment()} gives the server; its label.
     */
    static String caToken(SoftHsmEnvironment softhsm, String prefix) {
        String label = prefix + "-" + Integer.toHexString(new SecureRandom().nextInt());
        CliRun.run(Map.of("KEYBOUND_SO_PIN", "so-pin-1", "KEYBOUND_TOKEN_PIN", CA_PIN),
                "token", "init", "--module", softhsm.module().toString(), label).expect(ExitCode.OK);
        return label;
    }

    /**
     * What a bank's processes read from their environment: the CA token's PIN, the TLS key store's
     * password and a fresh card sealing key. A new map each call, which the caller may add to.
     */
    static Map<String, String> environment() {
        byte[] sealing = new byte[32];
        new SecureRandom().nextBytes(sealing);
        Map<String, String> environment = new HashMap<>();
        environment.put("KEYBOUND_CA_PIN", CA_PIN);
        environment.put("KEYBOUND_TLS_KEYSTORE_PASSWORD", "store-pass-1");
        environment.put("KEYBOUND_CARD_SEALING_KEY", Base64.getEncoder().encodeToString(sealing));
        return environment;
    }

    /** {@code keybound bank create-ca --config FILE}: the bank's CA on its token, its certificates under {@code data}/ca. */
    static void createCa(Path config, Map<String, String> environment) {
        CliRun.run(environment, "bank", "create-ca", "--config", config.toString()).expect(ExitCode.OK);
    }

    /** The chain {@link #createCa} wrote under the data directory {@code data}: issuing CA, then root. */
    static List<X509Certificate> caChain(Path data) throws IOException {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (String name : List.of("issuing.pem", "root.pem")) {
                try (InputStream in = Files.newInputStream(data.resolve("ca").resolve(name))) {
                    chain.add((X509Certificate) factory.generateCertificate(in));
                }
            }
        } catch (CertificateException e) {
            throw new IOException(e);
        }
        return chain;
    }

    /** Starts the server and returns once it says it listens; fails the test if it stops or takes too long. */
    static ServerProcess start(Path directory, Path config, Map<String, String> environment)
            throws IOException, InterruptedException {
        return start(directory, config, environment, List.of());
    }

    /** The same, with extra JVM options (e.g. {@code -Xmx}). */
    static ServerProcess start(Path directory, Path config, Map<String, String> environment, List<String> jvmOptions)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(directory, "server", ".out");
        Process process = launch(config, environment, jvmOptions, true, out);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> line = Files.readAllLines(out).stream().filter(l -> l.startsWith(LISTENING)).findFirst();
            if (line.isPresent()) {
                return new ServerProcess(process, URI.create(line.get().split(" ", -1)[4]), out);
            }
            if (!process.isAlive()) {
                throw new AssertionError("the server stopped: " + Files.readString(out));
            }
            Thread.sleep(20);
        }
        process.destroyForcibly();
        throw new AssertionError("the server did not start in " + START_TIMEOUT + ": " + Files.readString(out));
    }

    /** A start that must be refused: the exit code and everything the process printed. */
    static CliRun refusedStart(Path directory, Path config, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(directory, "refused", ".out");
        Process process = launch(config, environment, List.of(), false, out);
        if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the server was not refused; it runs: " + Files.readString(out));
        }
        return new CliRun(process.exitValue(), Files.readString(out), "");
    }

    /** {@code archived}: may record and map the class archive (a start meant to be refused does neither). */
    private static Process launch(Path config, Map<String, String> environment, List<String> jvmOptions, boolean archived,
                                  Path out) throws IOException, InterruptedException {
        ServerClassArchive classes = ServerClassArchive.get();
        return classes.launch(archived && jvmOptions.isEmpty(), (archiveOptions, arguments) -> {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")); // start fast: it lives a few seconds
            command.addAll(archiveOptions);
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", classes.classPath(), Main.class.getName(), "server", "--config", config.toString()));
            command.addAll(arguments);
            var builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectErrorStream(true);
            builder.environment().keySet().removeIf(k -> k.startsWith("KEYBOUND_"));
            builder.environment().putAll(environment);
            return builder.start();
        });
    }

    URI address() {
        return address;
    }

    /** The CPU time the server's process has used so far (the machine's load does not inflate it, unlike wall time). */
    Duration cpu() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** SIGKILL: no shutdown hook, no graceful stop, no database close. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, and waits for the graceful stop; its exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the server did not stop on SIGTERM: " + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

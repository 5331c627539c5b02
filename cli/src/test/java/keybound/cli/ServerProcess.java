package keybound.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code keybound server --config FILE} in its own JVM, on the test's class path. */
final class ServerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final URI address;
    private final Path output;

    private ServerProcess(Process process, URI address, Path output) {
        this.process = process;
        this.address = address;
        this.output = output;
    }

    String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return e.toString();
        }
    }

    static ServerProcess start(Path directory, Path config, Map<String, String> environment)
            throws IOException, InterruptedException {
        return start(directory, config, environment, List.of());
    }

    /** The same, with extra JVM options (e.g. {@code -Xmx}). */
    static ServerProcess start(Path directory, Path config, Map<String, String> environment, List<String> jvmOptions)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(directory, "server", ".out");
        List<String> command = java();
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "server", "--config",
                config.toString()));
        var builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("KEYBOUND_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> line = Files.readAllLines(out).stream().filter(l -> l.startsWith("Bank server listening on ")).findFirst();
            if (line.isPresent()) {
                return new ServerProcess(process, URI.create(line.get().split(" ", -1)[4]), out);
            }
            if (!process.isAlive()) {
                throw new AssertionError("the server stopped: " + Files.readString(out));
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new AssertionError("the server did not start in " + START_TIMEOUT + ": " + Files.readString(out));
    }

    /** The JVM and the options every server of the tests starts with: start fast, it lives a few seconds. */
    private static List<String> java() {
        return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    }

    /** The process id, to read its memory from {@code /proc}. */
    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    URI address() {
        return address;
    }

    /** SIGKILL: no shutdown hook, no graceful stop, no database close. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
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

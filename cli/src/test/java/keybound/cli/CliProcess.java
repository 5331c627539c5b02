package keybound.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The keybound command in a JVM of its own, as a shell runs it: its own environment (this JVM's
 * without any {@code KEYBOUND_*} variable, plus {@code env}), standard input from {@code stdin}.
 */
public final class CliProcess {

    private CliProcess() {
    }

    public static CliRun run(Path directory, Map<String, String> env, String stdin, String... args)
            throws IOException, InterruptedException {
        // Files, not pipes: reading a pipe would block until the child ends, so the timeout could never fire.
        Path in = Files.writeString(Files.createTempFile(directory, "stdin", ".txt"), stdin);
        Path out = Files.createTempFile(directory, "stdout", ".txt");
        Path err = Files.createTempFile(directory, "stderr", ".txt");
        var builder = new ProcessBuilder(command(args)).directory(directory.toFile())
                .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        environment(builder, env);
        Process process = builder.start();
        try {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("keybound " + String.join(" ", args) + " did not end: " + Files.readString(err));
            }
            return new CliRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.delete(in);
            Files.delete(out);
            Files.delete(err);
        }
    }

    /** A long-running command (a server, a simulated card) in the background, its output in a file. */
    public record Background(Process process, Path output) implements AutoCloseable {

        /** Waits until a line of its output starts with {@code prefix}; that line. */
        public String awaitLine(String prefix) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                for (String line : Files.readAllLines(output)) {
                    if (line.startsWith(prefix)) {
                        return line;
                    }
                }
                if (!process.isAlive()) {
                    throw new AssertionError("it ended (" + process.exitValue() + "): " + Files.readString(output));
                }
                Thread.sleep(50);
            }
            throw new AssertionError("no line '" + prefix + "' within a minute: " + Files.readString(output));
        }

        /** SIGTERM, as Ctrl-C or a service manager stops it; its exit code. */
        public int stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("it did not stop on SIGTERM");
            }
            return process.exitValue();
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly(); // a test that failed midway: leave nothing running
            }
        }
    }

    /** Starts {@code args} in the background, as {@link #run} would run it; its output (both streams) in a file. */
    public static Background start(Path directory, Map<String, String> env, String... args) throws IOException {
        Path output = Files.createTempFile(directory, "background", ".txt");
        var builder = new ProcessBuilder(command(args)).directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(output.toFile()).redirectErrorStream(true);
        environment(builder, env);
        return new Background(builder.start(), output);
    }

    private static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", // short-lived: start fast
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private static void environment(ProcessBuilder builder, Map<String, String> env) {
        builder.environment().keySet().removeIf(k -> k.startsWith("KEYBOUND_") || k.equals("XDG_CONFIG_HOME"));
        builder.environment().put("LANG", "C.UTF-8"); // English messages, UTF-8 output
        builder.environment().remove("LC_ALL");
        builder.environment().putAll(env);
    }
}

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
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", // short-lived: start fast
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), Main.class.getName()));
        command.addAll(List.of(args));
        // Files, not pipes: reading a pipe would block until the child ends, so the timeout could never fire.
        Path in = Files.writeString(Files.createTempFile(directory, "stdin", ".txt"), stdin);
        Path out = Files.createTempFile(directory, "stdout", ".txt");
        Path err = Files.createTempFile(directory, "stderr", ".txt");
        var builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("KEYBOUND_") || k.equals("XDG_CONFIG_HOME"));
        builder.environment().put("LANG", "C.UTF-8"); // English messages, UTF-8 output
        builder.environment().remove("LC_ALL");
        builder.environment().putAll(env);
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
}

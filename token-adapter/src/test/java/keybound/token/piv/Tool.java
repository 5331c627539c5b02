package keybound.token.piv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A command-line tool's run: its exit code and its output (stdout and stderr together). */
record Tool(int exit, String output) {

    static Tool run(String... command) {
        return run(Map.of(), "", command);
    }

    /** Runs with extra environment variables and {@code input} on standard input. */
    static Tool run(Map<String, String> environment, String input, String... command) {
        try {
            var builder = new ProcessBuilder(List.of(command)).redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process process = builder.start();
            try (var stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command[0] + " did not finish");
            }
            return new Tool(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command[0] + " (is it installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command[0], e);
        }
    }

    /** Fails unless the tool exited with 0; returns the output. */
    String ok() {
        if (exit != 0) {
            throw new AssertionError("exit " + exit + ":\n" + output);
        }
        return output;
    }
}

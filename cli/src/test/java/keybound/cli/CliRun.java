package keybound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import keybound.token.Secret;

/** One in-process run of the keybound command, with scripted secrets, and its checks. */
public record CliRun(int code, String out, String err) {

    public static CliRun run(Map<String, String> env, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Main.run(new Secrets(env, InputStream.nullInputStream()), new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** A run on a token: {@code device} (e.g. {@code --card sim}) goes after the command's own arguments. */
    public static CliRun run(Map<String, String> env, List<String> device, String... args) {
        var all = new ArrayList<>(List.of(args));
        all.addAll(device);
        return run(env, all.toArray(String[]::new));
    }

    /**
     * An operator key made as an operator makes one ({@code keybound bank operator-key --config}, its
     * verifier under the key on the bank's CA token), its verifier's line added to {@code config}.
     */
    public static Secret addOperatorKey(Map<String, String> env, Path config) throws IOException {
        JsonNode made = new ObjectMapper().readTree(run(env, "bank", "operator-key", "--json", "--config", config.toString())
                .expect(ExitCode.OK).out());
        Files.writeString(config, "backoffice.operator-key-hashes=" + made.get("hash").asText() + "\n",
                StandardOpenOption.APPEND);
        return Secret.of(made.get("operatorKey").asText());
    }

    public CliRun expect(int expected) {
        assertEquals(expected, code, () -> "exit code; out: " + out + " err: " + err);
        return this;
    }

    /**
     * A failure after work that shows progress (key generation): stderr is progress lines
     * ("  ... ") and then one line starting with "keybound: ", no stack trace.
     */
    public CliRun expectFailureAfterProgress(int expected) {
        expect(expected);
        List<String> lines = err.stripTrailing().lines().toList();
        assertTrue(lines.get(lines.size() - 1).startsWith("keybound: "), err);
        assertTrue(lines.subList(0, lines.size() - 1).stream().allMatch(l -> l.startsWith("  ... ")), err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
        return this;
    }

    /** A failure: one line on stderr starting with "keybound: ", no stack trace. */
    public CliRun expectOneLineFailure(int expected) {
        expect(expected);
        assertEquals(1, err.strip().lines().count(), "one line expected, got: " + err);
        assertTrue(err.startsWith("keybound: "), err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
        return this;
    }
}

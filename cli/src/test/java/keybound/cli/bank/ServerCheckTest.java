package keybound.cli.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import keybound.cli.CliRun;
import keybound.cli.ExitCode;
import keybound.cli.Main;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keybound server --check} on a development bank (CA key in a PKCS#12 file, registry in
 * H2, HTTPS on a free loopback port): the effective configuration with its origins and masked
 * secrets, refusals of a misspelt key, and JSON logs from a server in its own JVM.
 */
class ServerCheckTest {

    private static final String CA_PIN = "dev-ca-pin-9876";
    private static final String STORE_PASSWORD = "store-pass-5432";

    @TempDir
    Path directory;

    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void createDevelopmentCa() throws Exception {
        byte[] sealing = new byte[32];
        new SecureRandom().nextBytes(sealing);
        env.put("KEYBOUND_CA_PIN", CA_PIN);
        env.put("KEYBOUND_TLS_KEYSTORE_PASSWORD", STORE_PASSWORD);
        env.put("KEYBOUND_CARD_SEALING_KEY", Base64.getEncoder().encodeToString(sealing));
        CliRun.run(env, "bank", "create-ca", "--config", config().toString(), "--name", "Check Bank").expect(ExitCode.OK);
    }

    private Path config(String... extra) throws Exception {
        List<String> lines = new ArrayList<>(List.of("data.dir=" + directory.resolve("data"), "tls.auto=true",
                "ca.dev-pkcs12=" + directory.resolve("dev-ca.p12"), "listen.port=0",
                "secrets.hash.memory-kib=64", "secrets.hash.iterations=1", "secrets.hash.parallelism=1"));
        lines.addAll(List.of(extra));
        return Files.writeString(directory.resolve("bank.properties"), String.join("\n", lines) + "\n");
    }

    @Test
    void checkPrintsEveryKeyWithItsOriginAndMasksSecrets() throws Exception {
        env.put("KEYBOUND_LOCKOUT_LIMIT", "3");
        CliRun checked = CliRun.run(env, "server", "--config", config().toString(), "--check").expect(ExitCode.OK);
        String out = checked.out();
        assertTrue(out.lines().anyMatch(l -> l.matches("\\s+listen\\.port\\s+0\\s+file")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("\\s+listen\\.host\\s+127\\.0\\.0\\.1\\s+default")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("\\s+lockout\\.limit\\s+3\\s+environment KEYBOUND_LOCKOUT_LIMIT")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("\\s+tls\\.keystore\\.password\\s+\\*+\\s+environment .*")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("\\s+KEYBOUND_CA_PIN\\s+\\*+\\s+environment only.*")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("\\s+KEYBOUND_JDBC_PASSWORD\\s+\\(unset\\)\\s+environment only.*")), out);
        assertTrue(out.contains("Health check: {\"status\":\"up\"}"), out);
        for (String secret : List.of(CA_PIN, STORE_PASSWORD, env.get("KEYBOUND_CARD_SEALING_KEY"))) {
            assertFalse(out.contains(secret) || checked.err().contains(secret), "a secret was printed");
        }
    }

    @Test
    void aMisspeltKeyFailsTheCheckNamingTheKnownOne() throws Exception {
        CliRun refused = CliRun.run(env, "server", "--config", config("listen.prot=8443").toString(), "--check")
                .expectOneLineFailure(ExitCode.CONFIG);
        assertTrue(refused.err().contains("unknown setting listen.prot (did you mean listen.port?)"), refused.err());
        CliRun comment = CliRun.run(env, "server", "--config", config("tls.client-auth=want   # ask browsers").toString(),
                "--check").expectOneLineFailure(ExitCode.CONFIG);
        assertTrue(comment.err().contains("tls.client-auth") && comment.err().contains("inline comment"), comment.err());
        CliRun format = CliRun.run(env, "server", "--config", config("log.format=xml").toString(), "--check")
                .expectOneLineFailure(ExitCode.CONFIG);
        assertTrue(format.err().contains("log.format"), format.err());
    }

    /** In its own JVM, as logging is set up once per process: every line on stderr is one JSON object. */
    @Test
    void jsonLogsAreOneObjectPerLineWithTheStartAndStopLines() throws Exception {
        Path err = directory.resolve("server.err");
        var builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "server", "--config", config().toString(), "--check")
                .redirectError(err.toFile()).redirectOutput(directory.resolve("server.out").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("KEYBOUND_"));
        builder.environment().putAll(env);
        builder.environment().put("KEYBOUND_LOG_FORMAT", "json");
        Process process = builder.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the check ended");
        String all = Files.readString(err);
        assertEquals(0, process.exitValue(), all);

        List<JsonNode> lines = new ArrayList<>();
        var json = new ObjectMapper();
        for (String line : Files.readAllLines(err)) {
            JsonNode node = json.readTree(line);
            assertTrue(node.isObject() && node.hasNonNull("level") && node.hasNonNull("loggerName")
                    && node.hasNonNull("formattedMessage"), line);
            lines.add(node);
        }
        JsonNode start = lines.stream().filter(l -> l.get("formattedMessage").asText().contains(" serving on ")).findFirst()
                .orElseThrow(() -> new AssertionError("no start line in " + lines));
        assertEquals("INFO", start.get("level").asText());
        assertEquals("keybound.server.wiring.BankAssembly", start.get("loggerName").asText());
        assertTrue(start.get("formattedMessage").asText().matches("keybound \\S+ serving on 127\\.0\\.0\\.1:\\d+ for https://.*"
                + "registry H2 .*, CA token .*"), start.toString());
        JsonNode stop = lines.stream().filter(l -> l.get("formattedMessage").asText().contains(" stopped gracefully in "))
                .findFirst().orElseThrow(() -> new AssertionError("no stop line in " + lines));
        assertTrue(stop.get("formattedMessage").asText().matches(".* in \\d+ ms: \\d+ request\\(s\\) in flight finished"), stop.toString());
        for (String secret : List.of(CA_PIN, STORE_PASSWORD, env.get("KEYBOUND_CARD_SEALING_KEY"))) {
            assertFalse(all.contains(secret), "a secret was logged");
        }
    }
}

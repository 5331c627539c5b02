package keybound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code packaging/systemd/keybound.service}: systemd itself accepts it, it has what the install
 * section of docs/server.md relies on, and the command line it runs is one this build answers.
 */
class SystemdUnitTest {

    private static final Path UNIT = Path.of("..", "packaging", "systemd", "keybound.service");

    @TempDir
    Path directory;

    @Test
    void systemdAnalyzeAcceptsTheUnit() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        // Part of systemd; present wherever the unit would be installed, and on the project's machines.
        assertTrue(Files.isExecutable(analyze), "systemd-analyze is needed to check the unit");
        Path copy = Files.copy(UNIT, directory.resolve("keybound.service"));
        Process verify = new ProcessBuilder(analyze.toString(), "verify", copy.toString()).directory(directory.toFile())
                .redirectErrorStream(true).start();
        String said;
        try (InputStream in = verify.getInputStream()) {
            said = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(verify.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, verify.exitValue(), said);
        assertEquals("", said.strip(), "no warning either");
    }

    @Test
    void theUnitRunsTheServerAsItsOwnUserWithSecretsFromAnEnvironmentFile() throws Exception {
        Map<String, String> service = section("Service");
        assertEquals("keybound", service.get("User"));
        assertEquals("/etc/keybound/keybound.env", service.get("EnvironmentFile"));
        assertEquals("0077", service.get("UMask"));
        assertEquals("0700", service.get("StateDirectoryMode"));
        assertEquals("SIGTERM", service.get("KillSignal"), "SIGTERM is the graceful stop");
        assertEquals("143", service.get("SuccessExitStatus"), "the JVM's exit after SIGTERM is a clean stop");
        assertEquals("multi-user.target", section("Install").get("WantedBy"));
    }

    @Test
    void execStartNamesJavaTheBuiltJarAndAServerCommandLineThisBuildParses() throws Exception {
        List<String> exec = Arrays.asList(section("Service").get("ExecStart").split(" +"));
        assertTrue(Files.isExecutable(Path.of(exec.get(0))), exec.get(0) + " exists");
        int jar = exec.indexOf("-jar") + 1;
        assertTrue(jar > 0, "runs a jar: " + exec);
        String finalName = Files.readString(Path.of("pom.xml")).replaceAll("(?s).*<finalName>([^<]+)</finalName>.*", "$1");
        assertEquals(finalName + ".jar", Path.of(exec.get(jar)).getFileName().toString(), "the jar the build makes");
        String[] arguments = exec.subList(jar + 1, exec.size()).toArray(String[]::new);
        var cli = new CommandLine(new Main(), new CliFactory(new Secrets(Map.of(), InputStream.nullInputStream()), Clock.systemUTC()));
        CommandLine.ParseResult parsed = cli.parseArgs(arguments);
        assertEquals("server", parsed.subcommand().commandSpec().name());
        assertEquals(Path.of("/etc/keybound/bank.properties"), parsed.subcommand().matchedOptionValue("--config", null));
    }

    /** The keys of one {@code [name]} section. */
    private static Map<String, String> section(String name) throws Exception {
        Map<String, String> keys = new LinkedHashMap<>();
        String current = null;
        for (String line : Files.readAllLines(UNIT)) {
            String text = line.strip();
            if (text.startsWith("[")) {
                current = text.substring(1, text.length() - 1);
            } else if (name.equals(current) && !text.isEmpty() && !text.startsWith("#")) {
                int equals = text.indexOf('=');
                keys.put(text.substring(0, equals), text.substring(equals + 1));
            }
        }
        assertTrue(!keys.isEmpty(), "section [" + name + "]");
        return keys;
    }
}

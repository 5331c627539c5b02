package keybound.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import keybound.bankapi.client.BankClient;
import keybound.testkit.softhsm.SoftHsmConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built {@code ./keybound} launcher as a user runs it: a subprocess, secrets piped on standard
 * input (no console, no arguments), and the demo end to end.
 */
class LauncherIT {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    record Result(int code, String out, String err) {
    }

    @TempDir
    Path directory;

    private Result keybound(Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
        Process process = start(env, args);
        try (var in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        int code = process.waitFor();
        return new Result(code, Files.readString(directory.resolve("out.txt")), Files.readString(directory.resolve("err.txt")));
    }

    /** {@code ./keybound ARGS} started, its output going to out.txt and err.txt. */
    private Process start(Map<String, String> env, String... args) throws IOException {
        // under the umask most accounts have (022): what keybound keeps private must not depend on it
        var command = new ArrayList<>(List.of("sh", "-c", "umask 022 && exec \"$0\" \"$@\"", ROOT.resolve("keybound").toString()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).directory(ROOT.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("KEYBOUND_"));
        builder.environment().putAll(env);
        builder.redirectOutput(directory.resolve("out.txt").toFile()).redirectError(directory.resolve("err.txt").toFile());
        return builder.start();
    }

    @Test
    void theServerStopsGracefullyOnSigterm() throws Exception {
        Path config = Files.writeString(directory.resolve("bank.properties"), String.join("\n",
                "data.dir=" + directory.resolve("data"), "tls.auto=true", "ca.dev-pkcs12=" + directory.resolve("ca.p12"),
                "listen.port=0", ""));
        Map<String, String> env = Map.of("KEYBOUND_CA_PIN", "dev-ca-pin", "KEYBOUND_TLS_KEYSTORE_PASSWORD", "store-pass",
                "KEYBOUND_CARD_SEALING_KEY", Base64.getEncoder().encodeToString(new byte[32]));
        Result created = keybound(env, "", "bank", "create-ca", "--config", config.toString());
        assertEquals(ExitCode.OK, created.code(), created.err());

        Process server = start(env, "server", "--config", config.toString());
        Path out = directory.resolve("out.txt");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!Files.readString(out).contains("Bank server listening on") && server.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(Files.readString(out).contains("Bank server listening on"), () -> "did not start: " + read(directory));
        server.destroy(); // SIGTERM
        assertTrue(server.waitFor(2, TimeUnit.MINUTES), "still running after SIGTERM");
        assertEquals(143, server.exitValue(), "the JVM's exit status after SIGTERM");
        List<String> lines = Files.readAllLines(out);
        assertEquals("Bank server stopped: requests in flight finished, registry and CA token closed.", lines.get(lines.size() - 1));

        // what the bank wrote holds keys and the registry: the service account's alone
        assertOwnerOnly(directory.resolve("ca.p12"), "rw-------");
        assertOwnerOnly(directory.resolve("data"), "rwx------");
        for (String file : List.of("issuer.mv.db", "server-tls.p12", "bank-ca-trust.p12")) {
            assertOwnerOnly(directory.resolve("data").resolve(file), "rw-------");
        }
    }

    private static void assertOwnerOnly(Path path, String mode) throws IOException {
        assertEquals(mode, PosixFilePermissions.toString(Files.getPosixFilePermissions(path)), path.toString());
    }

    private static String read(Path directory) {
        try {
            return Files.readString(directory.resolve("out.txt")) + Files.readString(directory.resolve("err.txt"));
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }

    @Test
    void theDemoPlaysTheManualsStoryAndCleansUp() throws Exception {
        Result demo = keybound(Map.of(), "", "demo");
        assertEquals(ExitCode.OK, demo.code(), demo.err());
        for (String step : List.of("[I-2  ]", "[I-3  ]", "[II-1 ]", "[II-2 ]", "Java Card", "which attests it", "cannot log on", "SUPERSEDED")) {
            assertTrue(demo.out().contains(step), step + " missing from:\n" + demo.out());
        }
        assertFalse(demo.out().contains("getInstance"), "library noise on stdout:\n" + demo.out());
        String workDir = demo.out().lines().filter(l -> l.startsWith("Done in")).findFirst().orElseThrow()
                .replaceAll(".*Everything ran in (\\S+), which.*", "$1");
        assertFalse(Files.exists(Path.of(workDir)), "the demo removes " + workDir);
    }

    @Test
    void theDemoKeepsItsBankRunningForTheWebPagesWhenAsked() throws Exception {
        Path out = directory.resolve("keep-out.txt");
        var builder = new ProcessBuilder(ROOT.resolve("keybound").toString(), "demo", "--keep").directory(ROOT.toFile())
                .redirectOutput(out.toFile()).redirectError(directory.resolve("keep-err.txt").toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("KEYBOUND_"));
        Process process = builder.start();
        try {
            String printed = "";
            // the whole story runs first: a generous deadline for a loaded machine, not a speed target
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (!printed.contains("Ctrl-C stops the bank") && System.nanoTime() < deadline) {
                assertTrue(process.isAlive(), () -> "the demo ended: " + readQuietly(out));
                Thread.sleep(200);
                printed = Files.readString(out);
            }
            String page = field(printed, "logon page");
            Path ca = Path.of(field(printed, "bank CA"));
            List<X509Certificate> certificates;
            try (var in = Files.newInputStream(ca)) {
                certificates = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                        .map(c -> (X509Certificate) c).toList();
            }
            var http = HttpClient.newBuilder().sslContext(BankClient.tls(certificates, Optional.empty())).build();
            var response = http.send(HttpRequest.newBuilder(URI.create(page)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(response.body().contains("電子証明書方式ログオン"), response.body());
        } finally {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            process.waitFor();
        }
    }

    /** The value printed after {@code label} on its line of the --keep description. */
    private static String field(String printed, String label) {
        return printed.lines().filter(l -> l.trim().startsWith(label)).findFirst().orElseThrow()
                .trim().substring(label.length()).trim().split(" ", -1)[0];
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void secretsArePipedOnStandardInputAndFailuresAreOneLine() throws Exception {
        Path tokens = Files.createDirectories(directory.resolve("tokens"));
        Path conf = Files.writeString(directory.resolve("softhsm2.conf"), SoftHsmConfig.render(tokens, SoftHsmConfig.ALL_MECHANISMS));
        Map<String, String> env = Map.of("SOFTHSM2_CONF", conf.toString());

        Result init = keybound(env, "so-pin-5678\nuser-pin-1\n", "token", "init", "station-it");
        assertEquals(ExitCode.OK, init.code(), init.err());
        try (var made = Files.walk(tokens)) {
            for (Path path : made.filter(p -> !p.equals(tokens)).toList()) {
                assertOwnerOnly(path, Files.isDirectory(path) ? "rwx------" : "rw-------");
            }
        }
        Result list = keybound(env, "", "token", "list");
        assertTrue(list.out().contains("station-it"), list.out());
        assertFalse(list.out().contains("[INFO]"), "PKCS#11 wrapper noise on stdout:\n" + list.out());

        Result wrong = keybound(env, "not-the-pin\n", "token", "info", "--token", "station-it", "--credentials");
        assertEquals(ExitCode.WRONG_SECRET, wrong.code());
        assertEquals(1, wrong.err().strip().lines().count(), wrong.err());
        assertFalse(wrong.err().contains("not-the-pin"));

        Result noConfig = keybound(env, "", "bank", "open-contract", "--bank", "1234");
        assertEquals(ExitCode.CONFIG, noConfig.code());
        assertTrue(noConfig.err().startsWith("keybound: ") && noConfig.err().strip().lines().count() == 1, noConfig.err());
    }
}

package keybound.cli.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * The test-only PKCS#11 login forwarder ({@code login-forwarder.c} beside this class), compiled
 * once per test JVM with gcc against the installed p11-kit headers into {@code target/}. See the
 * C source for why a headless browser needs it. Never part of keybound itself.
 */
final class LoginForwarder {

    private static Path built;

    private LoginForwarder() {
    }

    static synchronized Path library() {
        if (built == null) {
            Path directory = Path.of("target", "login-forwarder").toAbsolutePath();
            try {
                Files.createDirectories(directory);
                Path source = directory.resolve("login-forwarder.c");
                try (InputStream in = LoginForwarder.class.getResourceAsStream("login-forwarder.c")) {
                    Files.copy(in, source, StandardCopyOption.REPLACE_EXISTING);
                }
                Path library = directory.resolve("liblogin-forwarder.so");
                Processes.run(Map.of(), List.of("gcc", "-shared", "-fPIC", "-O1", "-Wall", "-Werror",
                        "-I/usr/include/p11-kit-1", "-o", library.toString(), source.toString(), "-ldl"));
                built = library;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return built;
    }

    /** The environment the forwarder reads: which token to show and the PIN to log it in with. */
    static Map<String, String> environment(Path softHsmConfig, String tokenLabel, String pin) {
        return Map.of("SOFTHSM2_CONF", softHsmConfig.toString(), "KEYBOUND_FORWARD_TOKEN_LABEL", tokenLabel,
                "KEYBOUND_FORWARD_PIN", pin);
    }
}

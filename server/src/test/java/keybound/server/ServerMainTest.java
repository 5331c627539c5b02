package keybound.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process entry's refusals, each with its exit code and a one-line reason. */
class ServerMainTest {

    @TempDir
    Path directory;

    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errors, true, StandardCharsets.UTF_8);

    private String errors() {
        return errors.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noConfigurationIsUsage() throws Exception {
        assertEquals(ServerMain.USAGE, ServerMain.run(new String[0], Map.of(), err, Optional.empty()));
        assertTrue(errors().startsWith("usage:"));
    }

    @Test
    void badConfigurationNamesTheKeyNotTheValue() throws Exception {
        Path file = Files.writeString(directory.resolve("server.properties"),
                "tls.keystore.path=/k.p12\ntls.keystore.password=pw\ntls.client-auth=none\nlisten.port=hunter2\n");
        assertEquals(ServerMain.USAGE, ServerMain.run(new String[] {file.toString()}, Map.of(), err, Optional.empty()));
        assertTrue(errors().contains("listen.port"));
        assertFalse(errors().contains("hunter2"));
    }

    @Test
    void noBankBackendIsRefusedBeforeAnythingBinds() throws Exception {
        Path file = Files.writeString(directory.resolve("server.properties"),
                "tls.keystore.path=/k.p12\ntls.keystore.password=pw\ntls.client-auth=none\n");
        assertEquals(ServerMain.USAGE, ServerMain.run(new String[0], Map.of("KEYBOUND_CONFIG", file.toString()), err,
                Optional.empty()));
        assertTrue(errors().contains("no bank backend"));
    }
}

package keybound.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.Map;
import keybound.token.Secret;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void readsTheSecretFromItsEnvironmentVariable() {
        var secrets = new Secrets(Map.of("KEYBOUND_TOKEN_PIN", "123456"), InputStream.nullInputStream());
        try (var pin = secrets.read("token-pin", "Token PIN")) {
            assertTrue(Secret.of("123456").matches(pin));
        }
    }

    @Test
    void fallsBackToOneLinePerSecretOnStandardInputThenSaysWhatIsMissing() {
        var input = new java.io.ByteArrayInputStream("111111\n222222\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var secrets = new Secrets(Map.of(), input);
        try (var first = secrets.read("token-pin", "Token PIN"); var second = secrets.read("new-token-pin", "New PIN")) {
            assertTrue(Secret.of("111111").matches(first));
            assertTrue(Secret.of("222222").matches(second));
        }
        var missing = org.junit.jupiter.api.Assertions.assertThrows(Secrets.MissingSecretException.class,
                () -> secrets.read("so-pin", "SO PIN"));
        assertTrue(missing.getMessage().contains("KEYBOUND_SO_PIN"));
    }

    @Test
    void aLongLineFromStandardInputIsWholeAndItsWindowsLineEndDropped() {
        String longPin = "7".repeat(200);
        var input = new java.io.ByteArrayInputStream((longPin + "\r\n\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var secrets = new Secrets(Map.of(), input);
        try (var pin = secrets.read("token-pin", "Token PIN"); var empty = secrets.read("so-pin", "SO PIN")) {
            assertTrue(Secret.of(longPin).matches(pin));
            assertTrue(empty.isEmpty());
        }
    }
}

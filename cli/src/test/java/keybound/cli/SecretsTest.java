package keybound.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void readsTheSecretFromItsEnvironmentVariable() {
        var secrets = new Secrets(Map.of("KEYBOUND_TOKEN_PIN", "123456"), InputStream.nullInputStream());
        try (var pin = secrets.read("token-pin", "Token PIN")) {
            assertArrayEquals("123456".toCharArray(), pin.chars());
        }
    }

    @Test
    void fallsBackToOneLinePerSecretOnStandardInputThenSaysWhatIsMissing() {
        var input = new ByteArrayInputStream("111111\n222222\n".getBytes(StandardCharsets.UTF_8));
        var secrets = new Secrets(Map.of(), input);
        try (var first = secrets.read("token-pin", "Token PIN"); var second = secrets.read("new-token-pin", "New PIN")) {
            assertArrayEquals("111111".toCharArray(), first.chars());
            assertArrayEquals("222222".toCharArray(), second.chars());
        }
        var missing = Assertions.assertThrows(Secrets.MissingSecretException.class,
                () -> secrets.read("so-pin", "SO PIN"));
        Assertions.assertTrue(missing.getMessage().contains("KEYBOUND_SO_PIN"));
    }
}

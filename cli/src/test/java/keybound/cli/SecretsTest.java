package keybound.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void readsTheSecretFromItsEnvironmentVariable() {
        var secrets = new Secrets(Map.of("KEYBOUND_TOKEN_PIN", "123456"));
        try (var pin = secrets.read("token-pin", "Token PIN")) {
            assertArrayEquals("123456".toCharArray(), pin.chars());
        }
    }
}

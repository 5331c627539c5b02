package keybound.server.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

class OneTimeSecretsTest {

    record Shown(String userId, char[] userPin, char[] userConfirmationPin) {
    }

    private final JsonCodec json = new JsonCodec();

    @Test
    void secretsAreRenderedThenWiped() {
        char[] pin = "482913".toCharArray();
        char[] confirm = "73019".toCharArray();
        ApiResponse response = ApiResponse.withSecrets(new Shown("U01", pin, confirm), pin, confirm);

        byte[] rendered = ((OneTimeSecrets) response.body()).render(json);

        assertEquals("{\"userId\":\"U01\",\"userPin\":\"482913\",\"userConfirmationPin\":\"73019\"}",
                new String(rendered, StandardCharsets.UTF_8));
        assertArrayEquals(new char[6], pin);
        assertArrayEquals(new char[5], confirm);
    }

    @Test
    void secretsAreWipedEvenWhenRenderingFails() {
        char[] seed = "JBSWY3DPEHPK3PXP".toCharArray();
        var unrenderable = new OneTimeSecrets(new Object(), List.of(seed));
        assertThrows(IllegalStateException.class, () -> unrenderable.render(json));
        assertArrayEquals(new char[16], seed);
    }

    @Test
    void renderedBytesAreWipedOnceTheWriteSucceedsOrFails() {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Callback delegate = Callback.from(() -> outcome.set("succeeded"), outcome::set);

        byte[] sent = "{\"userPin\":\"482913\"}".getBytes(StandardCharsets.UTF_8);
        OneTimeSecrets.wipingAfterWrite(delegate, sent).succeeded();
        assertArrayEquals(new byte[sent.length], sent);
        assertEquals("succeeded", outcome.get());

        byte[] failed = "{\"userPin\":\"482913\"}".getBytes(StandardCharsets.UTF_8);
        var broken = new IOException("connection reset");
        OneTimeSecrets.wipingAfterWrite(delegate, failed).failed(broken);
        assertArrayEquals(new byte[failed.length], failed);
        assertSame(broken, outcome.get());
    }
}

package keybound.server.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import keybound.token.Secret;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

class OneTimeSecretsTest {

    record Shown(String userId, Secret userPin, Secret userConfirmationPin) {
    }

    private final JsonCodec json = new JsonCodec();

    @Test
    void secretsAreRenderedThenWiped() {
        Secret pin = Secret.of("482913");
        Secret confirm = Secret.of("73019");
        ApiResponse response = ApiResponse.withSecrets(new Shown("U01", pin, confirm), pin, confirm);

        byte[] rendered = ((OneTimeSecrets) response.body()).render(json);

        assertEquals("{\"userId\":\"U01\",\"userPin\":\"482913\",\"userConfirmationPin\":\"73019\"}",
                new String(rendered, StandardCharsets.UTF_8));
        assertTrue(pin.isClosed());
        assertTrue(confirm.isClosed());
    }

    @Test
    void secretsAreWipedEvenWhenRenderingFails() {
        Secret seed = Secret.of("JBSWY3DPEHPK3PXP");
        var unrenderable = new OneTimeSecrets(new Object(), List.of(seed));
        assertThrows(IllegalStateException.class, () -> unrenderable.render(json));
        assertTrue(seed.isClosed());
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
        var broken = new java.io.IOException("connection reset");
        OneTimeSecrets.wipingAfterWrite(delegate, failed).failed(broken);
        assertArrayEquals(new byte[failed.length], failed);
        assertSame(broken, outcome.get());
    }
}

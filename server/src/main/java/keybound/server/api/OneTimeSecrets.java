package keybound.server.api;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import keybound.bankapi.WipingRecyclerPool;
import keybound.token.Secret;
import org.eclipse.jetty.util.Callback;

/**
 * A response body that hands secrets to their owner once (a new contract's B, イ, ロ; a user's
 * initial ト and チ; a TOTP seed). The server wipes its copies as soon as it no longer needs them:
 * the {@link Secret} fields right after the body is rendered to JSON, and the rendered bytes once
 * the connection has taken them; the JSON library's working buffers are zeroed as it releases them
 * ({@link WipingRecyclerPool}). Only a {@code String} in the body (the customer card's cells)
 * cannot be wiped.
 *
 * @param body the JSON body
 * @param secrets the body's {@link Secret} fields, closed after rendering
 */
public record OneTimeSecrets(Object body, List<Secret> secrets) {

    public OneTimeSecrets {
        Objects.requireNonNull(body, "body");
        secrets = List.copyOf(secrets);
    }

    /** The body as JSON; the secrets are wiped whether or not rendering succeeds. */
    public byte[] render(JsonCodec json) {
        try {
            return json.write(body);
        } finally {
            secrets.forEach(Secret::close);
        }
    }

    /** {@code callback}, after first wiping {@code rendered}: the write has finished with it, well or not. */
    public static Callback wipingAfterWrite(Callback callback, byte[] rendered) {
        return Callback.from(callback.getInvocationType(), () -> {
            Arrays.fill(rendered, (byte) 0);
            callback.succeeded();
        }, failure -> {
            Arrays.fill(rendered, (byte) 0);
            callback.failed(failure);
        });
    }
}

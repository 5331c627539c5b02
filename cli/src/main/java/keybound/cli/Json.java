package keybound.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import keybound.bankapi.SecretJson;
import keybound.bankapi.WipingRecyclerPool;

/**
 * One line of JSON for {@code --json} output. Output that shows secrets once (a user's initial
 * ト and チ, a new contract's B, イ, ロ) goes through {@link #println(PrintWriter, Object)}: the
 * {@link keybound.token.Secret}s are written straight to the output, never through a {@code String}.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder().recyclerPool(new WipingRecyclerPool()).build())
            .addModule(SecretJson.module())
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** {@code value} as one line on {@code out}, without building the line as a {@code String}. */
    public static void println(PrintWriter out, Object value) {
        try {
            MAPPER.writeValue(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON", e);
        }
        out.println();
    }
}

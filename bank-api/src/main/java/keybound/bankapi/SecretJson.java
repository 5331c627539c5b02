package keybound.bankapi;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import keybound.token.Secret;

/**
 * {@link Secret} as a JSON string, character by character: read straight from the parser's text
 * buffer into the secret's own array, and written from a lent array into the generator's buffer,
 * so no {@code String} ever holds the value. (Those buffers are zeroed by {@link WipingRecyclerPool}.)
 * Used by both the server ({@link JsonCodec}) and the client.
 */
public final class SecretJson {

    private SecretJson() {
    }

    /** The read attribute under which {@link Reader} lists the secrets it made, so a failed read can close them. */
    static final String MADE = SecretJson.class.getName() + ".made";

    /** The secrets one read has made so far (so a failed read can close them; the test checks it does). */
    static final class Made {
        final List<Secret> secrets = new ArrayList<>();
    }

    /**
     * {@code json} read as {@code type} by {@code mapper}. If the read fails part-way (an unknown
     * field after a secret, trailing content), the secrets already made are closed, not left to
     * the garbage collector.
     */
    public static <T> T read(ObjectMapper mapper, byte[] json, Class<T> type) throws IOException {
        return read(mapper, json, type, new Made());
    }

    static <T> T read(ObjectMapper mapper, byte[] json, Class<T> type, Made made) throws IOException {
        try {
            return mapper.readerFor(type).withAttribute(MADE, made).readValue(json);
        } catch (IOException | RuntimeException e) {
            made.secrets.forEach(Secret::close);
            throw e;
        }
    }

    /** The Jackson module to register on every mapper that (de)serialises bodies holding secrets. */
    public static Module module() {
        return new SimpleModule("keybound-secret")
                .addSerializer(Secret.class, new Writer())
                .addDeserializer(Secret.class, new Reader());
    }

    static final class Writer extends JsonSerializer<Secret> {
        @Override
        public void serialize(Secret secret, JsonGenerator generator, SerializerProvider provider) throws IOException {
            secret.useChars(chars -> generator.writeString(chars, 0, chars.length));
        }
    }

    static final class Reader extends JsonDeserializer<Secret> {
        @Override
        public Secret deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                return (Secret) context.handleUnexpectedToken(Secret.class, parser);
            }
            Secret secret = Secret.of(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
            if (context.getAttribute(MADE) instanceof Made made) {
                made.secrets.add(secret);
            }
            return secret;
        }
    }
}

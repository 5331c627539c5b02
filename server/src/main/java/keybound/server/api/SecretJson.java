package keybound.server.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
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
            return Secret.of(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        }
    }
}

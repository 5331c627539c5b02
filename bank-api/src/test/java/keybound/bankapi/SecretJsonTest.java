package keybound.bankapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import keybound.token.Secret;
import org.junit.jupiter.api.Test;

/** {@link SecretJson}: secrets read and written without a String, and closed when a read fails. */
class SecretJsonTest {

    private static final ObjectMapper MAPPER = JsonMapper.builder().addModule(SecretJson.module()).build();

    @Test
    void readingASecretNeverAsksTheParserForAString() throws IOException {
        JsonParser parser = new NoStrings(MAPPER.getFactory().createParser("{\"confirmationPin\":\"7391\"}"));
        try (BankApi.TotpRequest read = MAPPER.readValue(parser, BankApi.TotpRequest.class)) {
            assertTrue(read.confirmationPin().matches(Secret.of("7391")));
        }
        // the same parser refuses a String field, so the check above can fail
        JsonParser strict = new NoStrings(MAPPER.getFactory().createParser("{\"userId\":\"U01\"}"));
        assertThrows(AssertionError.class, () -> MAPPER.readValue(strict, BankApi.UserRef.class));
    }

    @Test
    void writingASecretNeverHandsTheGeneratorAString() throws IOException {
        var out = new ByteArrayOutputStream();
        try (JsonGenerator generator = new NoStringsOut(new JsonFactory().createGenerator(out))) {
            MAPPER.writeValue(generator, new BankApi.TotpRequest(Secret.of("7391")));
        }
        assertEquals("{\"confirmationPin\":\"7391\"}", out.toString(StandardCharsets.UTF_8));
        var again = new ByteArrayOutputStream();
        assertThrows(AssertionError.class, () -> MAPPER.writeValue(new NoStringsOut(new JsonFactory().createGenerator(again)),
                new BankApi.UserRef("U01")));
    }

    @Test
    void aReadThatFailsAfterASecretClosesIt() throws IOException {
        ObjectMapper strict = JsonMapper.builder().addModule(SecretJson.module())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        var made = new SecretJson.Made();
        byte[] json = "{\"confirmationPin\":\"7391\",\"extra\":1}".getBytes(StandardCharsets.UTF_8);
        assertThrows(UnrecognizedPropertyException.class, () -> SecretJson.read(strict, json, BankApi.TotpRequest.class, made));
        assertEquals(1, made.secrets.size());
        assertTrue(made.secrets.get(0).isClosed(), "the secret read before the failure is wiped");

        var fine = new SecretJson.Made();
        try (var read = SecretJson.read(strict, "{\"confirmationPin\":\"7391\"}".getBytes(StandardCharsets.UTF_8),
                BankApi.TotpRequest.class, fine)) {
            assertFalse(read.confirmationPin().isClosed(), "a successful read hands its secrets to the body");
        }
    }

    /** A parser that fails the test if anything asks it for a value as a String. */
    private static final class NoStrings extends JsonParserDelegate {
        NoStrings(JsonParser parser) {
            super(parser);
        }

        @Override
        public String getText() {
            throw new AssertionError("a value was read as a String");
        }

        @Override
        public String getValueAsString() {
            throw new AssertionError("a value was read as a String");
        }

        @Override
        public String getValueAsString(String defaultValue) {
            throw new AssertionError("a value was read as a String");
        }
    }

    /** A generator that fails the test if it is handed a value as a String. */
    private static final class NoStringsOut extends JsonGeneratorDelegate {
        NoStringsOut(JsonGenerator generator) {
            super(generator);
        }

        @Override
        public void writeString(String text) {
            throw new AssertionError("a value was written from a String");
        }

        @Override
        public void writeString(SerializableString text) {
            throw new AssertionError("a value was written from a String");
        }
    }
}

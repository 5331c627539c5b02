package keybound.server.api;

import com.fasterxml.jackson.core.JsonFactory;
import keybound.bankapi.SecretJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import keybound.bankapi.ProblemCode;
import keybound.bankapi.WipingRecyclerPool;

/**
 * JSON in and out. Strict on the way in: unknown fields, trailing content, duplicate keys, nulls
 * for primitives and numbers where strings belong are all refused, so a body means exactly one
 * thing.
 */
public final class JsonCodec {

    /** Bodies carry PINs and one-time secrets: Jackson's working buffers are zeroed, not kept for reuse. */
    private final ObjectMapper mapper = JsonMapper.builder(JsonFactory.builder().recyclerPool(new WipingRecyclerPool()).build())
            .addModule(SecretJson.module())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    public <T> T read(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw new ApiProblem(ProblemCode.MALFORMED_JSON, "The request needs a JSON body.");
        }
        T value;
        try {
            value = SecretJson.read(mapper, body, type);
        } catch (UnrecognizedPropertyException e) {
            throw new ApiProblem(ProblemCode.UNKNOWN_FIELD, "Unknown field: " + printable(e.getPropertyName()));
        } catch (MismatchedInputException e) {
            if (e.getPath().isEmpty()) {
                throw new ApiProblem(ProblemCode.MALFORMED_JSON);
            }
            throw new ApiProblem(ProblemCode.INVALID_FIELD, "Invalid field: " + printable(e.getPath().get(0).getFieldName()));
        } catch (IOException e) {
            throw new ApiProblem(ProblemCode.MALFORMED_JSON);
        }
        if (value == null) { // the body was the JSON literal null
            throw new ApiProblem(ProblemCode.MALFORMED_JSON, "The request body must be a JSON object.");
        }
        return value;
    }

    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response not serialisable", e);
        }
    }

    /** Echo only short, plain field names back to the client. */
    private static String printable(String name) {
        return name != null && name.matches("[A-Za-z0-9_-]{1,40}") ? name : "(unprintable)";
    }
}

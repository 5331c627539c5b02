package keybound.server.web;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A posted {@code application/x-www-form-urlencoded} body, decoded straight into {@code char[]}
 * values so that secrets never become Strings; {@link #close()} wipes them. Malformed bodies
 * (bad escapes, invalid UTF-8, a field twice, too many fields) are {@link BadFormException}.
 */
final class Form implements AutoCloseable {

    static final String MEDIA_TYPE = "application/x-www-form-urlencoded";
    private static final int MAX_FIELDS = 32;

    private final Map<String, char[]> fields;

    private Form(Map<String, char[]> fields) {
        this.fields = fields;
    }

    static Form parse(byte[] body) {
        Map<String, char[]> fields = new HashMap<>();
        int start = 0;
        try {
            while (start < body.length) {
                int end = indexOf(body, (byte) '&', start, body.length);
                if (end > start) {
                    int equals = indexOf(body, (byte) '=', start, end);
                    char[] name = decode(body, start, equals);
                    char[] value = equals < end ? decode(body, equals + 1, end) : new char[0];
                    if (fields.size() == MAX_FIELDS || fields.putIfAbsent(new String(name), value) != null) {
                        Arrays.fill(value, '\0');
                        throw new BadFormException("too many fields, or a field twice");
                    }
                }
                start = end + 1;
            }
            return new Form(fields);
        } catch (BadFormException e) {
            fields.values().forEach(v -> Arrays.fill(v, '\0'));
            throw e;
        }
    }

    /** A field that is not a secret (a user ID, the CSRF token); empty when absent. */
    Optional<String> text(String name) {
        char[] value = fields.get(name);
        return value == null ? Optional.empty() : Optional.of(new String(value));
    }

    /** A secret field, as the form's own array (wiped by {@link #close()}); empty when absent or blank. */
    Optional<char[]> secret(String name) {
        char[] value = fields.get(name);
        return value == null || value.length == 0 ? Optional.empty() : Optional.of(value);
    }

    @Override
    public void close() {
        fields.values().forEach(v -> Arrays.fill(v, '\0'));
    }

    private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return to;
    }

    private static char[] decode(byte[] body, int from, int to) {
        byte[] raw = new byte[to - from];
        int length = 0;
        try {
            for (int i = from; i < to; i++) {
                byte b = body[i];
                if (b == '+') {
                    raw[length++] = ' ';
                } else if (b == '%') {
                    if (i + 2 >= to) {
                        throw new BadFormException("a truncated %-escape");
                    }
                    int high = Character.digit(body[i + 1], 16);
                    int low = Character.digit(body[i + 2], 16);
                    if (high < 0 || low < 0) {
                        throw new BadFormException("an invalid %-escape");
                    }
                    raw[length++] = (byte) (high << 4 | low);
                    i += 2;
                } else {
                    raw[length++] = b;
                }
            }
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw, 0, length));
            char[] out = Arrays.copyOf(chars.array(), chars.limit());
            Arrays.fill(chars.array(), '\0');
            return out;
        } catch (CharacterCodingException e) {
            throw new BadFormException("a field that is not UTF-8");
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** The body is not a well-formed form. */
    static final class BadFormException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadFormException(String message) {
            super(message);
        }
    }
}

package keybound.logon;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Random URL-safe tokens (nonces, session and attempt IDs): 256 bits from a {@link SecureRandom},
 * base64url without padding, 43 characters.
 */
public final class RandomToken {

    /** Bytes of randomness in each token; at least 128 bits are required, 256 leaves margin. */
    public static final int BYTES = 32;
    /** Length of the encoded form. */
    public static final int LENGTH = 43;

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{" + LENGTH + "}");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private RandomToken() {
    }

    public static String next(SecureRandom random) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return encode(bytes);
    }

    /** The encoded form of {@link #BYTES} bytes. */
    public static String encode(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("a token is " + BYTES + " bytes");
        }
        return ENCODER.encodeToString(bytes);
    }

    /** The bytes of a well-formed token. */
    public static byte[] decode(String token) {
        if (!wellFormed(token)) {
            throw new IllegalArgumentException("not a token");
        }
        return Base64.getUrlDecoder().decode(token);
    }

    /** Whether {@code text} has the shape of a token (checked before any lookup). */
    public static boolean wellFormed(String text) {
        return text != null && text.length() == LENGTH && SHAPE.matcher(text).matches();
    }
}

package keybound.server.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 of a random bearer token (session id, attempt id, nonce): what the database keeps of
 * it, so a copy of the table opens nothing. The tokens carry 256 random
 * bits, so a plain hash without salt or stretching is enough.
 */
final class TokenDigest {

    private TokenDigest() {
    }

    /** As lower-case hex. */
    static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}

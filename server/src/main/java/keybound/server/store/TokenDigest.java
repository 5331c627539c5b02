package keybound.server.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 (lower-case hex) of a random bearer token (session id, attempt id, nonce): what the
 * database keys its row by, so a copy of the table opens nothing. The tokens carry 256 random
 * bits, so a plain hash without salt or stretching is enough.
 */
final class TokenDigest {

    private TokenDigest() {
    }

    static String sha256Hex(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}

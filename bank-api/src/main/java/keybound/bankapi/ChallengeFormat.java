package keybound.bankapi;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The bytes a signed-challenge logon signs: the client builds them from the bank's challenge and
 * its own idea of the origin, the bank rebuilds them to verify. All lengths and numbers big-endian:
 * <pre>
 *   "keybound/logon-challenge/v1" 0x00   domain-separation tag (28 bytes), so the signature can
 *                                        never be mistaken for one over a CSR, a TLS transcript
 *                                        or any other keybound message
 *   u16 length, origin (UTF-8)          e.g. "https://ib.bank.example:8443" (scheme://host[:port],
 *                                        no trailing slash)
 *   u8 length, nonce bytes              the raw nonce (256 bits as the bank makes it)
 *   u64 expiry                           seconds since the epoch
 * </pre>
 * Every field is length-prefixed or fixed, so no two different challenges encode alike.
 */
public final class ChallengeFormat {

    /** The domain-separation tag, without its terminating zero byte. */
    public static final String TAG = "keybound/logon-challenge/v1";

    private ChallengeFormat() {
    }

    /** The byte string to sign for {@code nonce} (raw bytes), {@code origin} and the expiry (epoch seconds). */
    public static byte[] toBeSigned(byte[] nonce, String origin, long expiresAt) {
        byte[] tag = TAG.getBytes(StandardCharsets.US_ASCII);
        byte[] originBytes = origin.getBytes(StandardCharsets.UTF_8);
        if (originBytes.length == 0 || originBytes.length > 0xFFFF) {
            throw new IllegalArgumentException("origin must be 1..65535 bytes");
        }
        if (nonce.length == 0 || nonce.length > 0xFF) {
            throw new IllegalArgumentException("nonce must be 1..255 bytes");
        }
        var out = new ByteArrayOutputStream(tag.length + originBytes.length + nonce.length + 16);
        out.writeBytes(tag);
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(2).putShort((short) originBytes.length).array());
        out.writeBytes(originBytes);
        out.write(nonce.length);
        out.writeBytes(nonce);
        out.writeBytes(ByteBuffer.allocate(8).putLong(expiresAt).array());
        return out.toByteArray();
    }
}

package keybound.logon.challenge;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import keybound.logon.Expiring;

/**
 * A signed-challenge logon's question: a single-use nonce, bound to the server's origin and a
 * short expiry. The client signs {@link #toBeSigned()} with its token key.
 *
 * <p>The signed bytes, all lengths and numbers big-endian:
 * <pre>
 *   "keybound/logon-challenge/v1" 0x00   domain-separation tag (28 bytes), so the signature can
 *                                        never be mistaken for one over a CSR, a TLS transcript
 *                                        or any other keybound message
 *   u16 length, origin (UTF-8)          e.g. "https://ib.bank.example:8443" (scheme://host[:port],
 *                                        as the server is configured, no trailing slash)
 *   u8 length (32), nonce bytes          the raw 256-bit nonce
 *   u64 expiry                           seconds since the epoch
 * </pre>
 * Every field is length-prefixed or fixed, so no two different challenges encode alike.
 */
public record LogonChallenge(Nonce nonce, String origin, Instant expiresAt) implements Expiring {

    /** The domain-separation tag, without its terminating zero byte. */
    public static final String TAG = "keybound/logon-challenge/v1";

    public LogonChallenge {
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (origin.isEmpty() || origin.getBytes(StandardCharsets.UTF_8).length > 0xFFFF) {
            throw new IllegalArgumentException("origin must be 1..65535 bytes");
        }
    }

    /** The canonical byte string the client signs and the server verifies. */
    public byte[] toBeSigned() {
        byte[] tag = TAG.getBytes(StandardCharsets.US_ASCII);
        byte[] originBytes = origin.getBytes(StandardCharsets.UTF_8);
        byte[] nonceBytes = nonce.bytes();
        var out = new ByteArrayOutputStream(tag.length + originBytes.length + nonceBytes.length + 16);
        out.writeBytes(tag);
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(2).putShort((short) originBytes.length).array());
        out.writeBytes(originBytes);
        out.write(nonceBytes.length);
        out.writeBytes(nonceBytes);
        out.writeBytes(ByteBuffer.allocate(8).putLong(expiresAt.getEpochSecond()).array());
        return out.toByteArray();
    }
}

package keybound.logon.otp;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The RFC 6238 code function: HOTP (RFC 4226) over the number of whole time steps since the
 * epoch. Stateless; replay is the verifier's business.
 */
public final class Totp {

    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private final int digits;
    private final long stepSeconds;

    /** The usual parameters: 6 digits, 30-second steps. */
    public Totp() {
        this(6, Duration.ofSeconds(30));
    }

    public Totp(int digits, Duration step) {
        if (digits < 6 || digits > 8) {
            throw new IllegalArgumentException("TOTP codes have 6 to 8 digits");
        }
        if (step.toSeconds() < 1) {
            throw new IllegalArgumentException("step must be at least one second");
        }
        this.digits = digits;
        this.stepSeconds = step.toSeconds();
    }

    public int digits() {
        return digits;
    }

    /** The time step an instant falls in (T in RFC 6238, with T0 = 0). */
    public long stepAt(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), stepSeconds);
    }

    /** The code for one time step, zero-padded to {@link #digits()}. */
    public String codeAt(TotpKey key, long step) {
        byte[] hash = hmac(key, ByteBuffer.allocate(8).putLong(step).array());
        int offset = hash[hash.length - 1] & 0x0f; // RFC 4226 §5.3 dynamic truncation
        int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
        String code = Integer.toString(binary % POWERS[digits]);
        return "0".repeat(digits - code.length()) + code;
    }

    private static byte[] hmac(TotpKey key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(key.algorithm().macName());
            mac.init(new SecretKeySpec(key.secret(), key.algorithm().macName()));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC unavailable", e);
        }
    }
}

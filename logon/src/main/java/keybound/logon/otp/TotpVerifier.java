package keybound.logon.otp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Objects;

/**
 * Checks a TOTP code against the current step and one step either side (RFC 6238 §5.2, to allow
 * for clock drift and typing time), then uses that step up through the ledger.
 */
public final class TotpVerifier {

    private static final int WINDOW = 1;

    private final Totp totp;
    private final TotpStepLedger ledger;
    private final Clock clock;

    public TotpVerifier(Totp totp, TotpStepLedger ledger, Clock clock) {
        this.totp = Objects.requireNonNull(totp, "totp");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Checks a typed code; a step already used by {@code subject} answers {@link TotpVerdict#REPLAYED}.
     *
     * @param subject whose ledger entry to use (one per administrator)
     * @param code the digits the person typed; the caller wipes it
     */
    public TotpVerdict verify(String subject, TotpKey key, char[] code) {
        if (code.length != totp.digits()) {
            return TotpVerdict.WRONG;
        }
        byte[] typed = new byte[code.length];
        for (int i = 0; i < code.length; i++) {
            if (code[i] < '0' || code[i] > '9') {
                return TotpVerdict.WRONG;
            }
            typed[i] = (byte) code[i];
        }
        long now = totp.stepAt(clock.instant());
        long matched = Long.MIN_VALUE;
        // Compare with every step in the window, matched or not, so timing says nothing.
        for (long step = now - WINDOW; step <= now + WINDOW; step++) {
            byte[] expected = totp.codeAt(key, step).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, typed) && matched == Long.MIN_VALUE) {
                matched = step;
            }
        }
        if (matched == Long.MIN_VALUE) {
            return TotpVerdict.WRONG;
        }
        return ledger.advance(subject, matched) ? TotpVerdict.ACCEPTED : TotpVerdict.REPLAYED;
    }
}

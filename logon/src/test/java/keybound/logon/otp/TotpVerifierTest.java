package keybound.logon.otp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import keybound.testkit.clock.MutableClock;
import org.junit.jupiter.api.Test;

class TotpVerifierTest {

    private static final TotpKey KEY = new TotpKey("12345678901234567890".getBytes(StandardCharsets.US_ASCII), TotpAlgorithm.SHA1);

    private final Totp totp = new Totp();
    private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_234_567_890L));
    private final TotpVerifier verifier = new TotpVerifier(totp, new InMemoryTotpStepLedger(), clock);

    private char[] codeAtOffset(int steps) {
        return totp.codeAt(KEY, totp.stepAt(clock.instant()) + steps).toCharArray();
    }

    @Test
    void currentCodeIsAcceptedOnceThenReplayIsRefused() {
        assertEquals(TotpVerdict.ACCEPTED, verifier.verify("admin", KEY, codeAtOffset(0)));
        assertEquals(TotpVerdict.REPLAYED, verifier.verify("admin", KEY, codeAtOffset(0)));
    }

    @Test
    void oneStepEitherSideIsAcceptedTwoIsNot() {
        assertEquals(TotpVerdict.ACCEPTED, verifier.verify("a", KEY, codeAtOffset(-1)));
        assertEquals(TotpVerdict.ACCEPTED, verifier.verify("b", KEY, codeAtOffset(1)));
        assertEquals(TotpVerdict.WRONG, verifier.verify("c", KEY, codeAtOffset(-2)));
        assertEquals(TotpVerdict.WRONG, verifier.verify("d", KEY, codeAtOffset(2)));
    }

    @Test
    void anOlderStepThanOneAcceptedIsRefused() {
        assertEquals(TotpVerdict.ACCEPTED, verifier.verify("admin", KEY, codeAtOffset(1)));
        assertEquals(TotpVerdict.REPLAYED, verifier.verify("admin", KEY, codeAtOffset(0)));
    }

    @Test
    void ledgerIsPerSubject() {
        assertEquals(TotpVerdict.ACCEPTED, verifier.verify("one", KEY, codeAtOffset(0)));
        assertEquals(TotpVerdict.ACCEPTED, verifier.verify("two", KEY, codeAtOffset(0)));
    }

    @Test
    void malformedCodesAreWrong() {
        char[] code = codeAtOffset(0);
        code[0] = (char) (code[0] + 0x100); // same low byte, not a digit
        assertEquals(TotpVerdict.WRONG, verifier.verify("admin", KEY, code));
        assertEquals(TotpVerdict.WRONG, verifier.verify("admin", KEY, "12345".toCharArray()));
        assertEquals(TotpVerdict.ACCEPTED, verifier.verify("admin", KEY, codeAtOffset(0)));
    }
}

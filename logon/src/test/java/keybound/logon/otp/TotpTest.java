package keybound.logon.otp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 6238 Appendix B: the reference seeds and the 8-digit codes at each test time. */
class TotpTest {

    private static final String SEED_20 = "12345678901234567890";
    private static final String SEED_32 = "12345678901234567890123456789012";
    private static final String SEED_64 = "1234567890123456789012345678901234567890123456789012345678901234";

    private final Totp totp = new Totp(8, Duration.ofSeconds(30));

    @ParameterizedTest(name = "T={0}s {2}")
    @CsvSource({
        "59, 94287082, SHA1", "59, 46119246, SHA256", "59, 90693936, SHA512",
        "1111111109, 07081804, SHA1", "1111111109, 68084774, SHA256", "1111111109, 25091201, SHA512",
        "1111111111, 14050471, SHA1", "1111111111, 67062674, SHA256", "1111111111, 99943326, SHA512",
        "1234567890, 89005924, SHA1", "1234567890, 91819424, SHA256", "1234567890, 93441116, SHA512",
        "2000000000, 69279037, SHA1", "2000000000, 90698825, SHA256", "2000000000, 38618901, SHA512",
        "20000000000, 65353130, SHA1", "20000000000, 77737706, SHA256", "20000000000, 47863826, SHA512",
    })
    void rfc6238TestVectors(long unixTime, String code, TotpAlgorithm algorithm) {
        TotpKey key = new TotpKey(seedFor(algorithm).getBytes(StandardCharsets.US_ASCII), algorithm);
        assertEquals(code, totp.codeAt(key, totp.stepAt(Instant.ofEpochSecond(unixTime))));
    }

    @Test
    void sixDigitCodesAreTheLowDigitsZeroPadded() {
        TotpKey key = new TotpKey(SEED_20.getBytes(StandardCharsets.US_ASCII), TotpAlgorithm.SHA1);
        Totp six = new Totp();
        // T = 1111111109: the 8-digit code is 07081804, so the 6-digit one is 081804.
        assertEquals("081804", six.codeAt(key, six.stepAt(Instant.ofEpochSecond(1111111109L))));
    }

    private static String seedFor(TotpAlgorithm algorithm) {
        return switch (algorithm) {
            case SHA256 -> SEED_32;
            case SHA512 -> SEED_64;
            default -> SEED_20;
        };
    }
}

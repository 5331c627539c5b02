package keybound.testkit.softhsm;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a fresh test token is made of. Test PINs only: they are visible in test code by design,
 * never in production code.
 *
 * @param label  a unique token label (at most 32 characters, as PKCS#11 allows)
 */
public record TokenSpec(String label, String soPin, String userPin) {

    public static final String TEST_SO_PIN = "so-pin-4321";
    public static final String TEST_USER_PIN = "user-1234";

    public TokenSpec {
        if (label.isEmpty() || label.length() > 32) {
            throw new IllegalArgumentException("token labels have 1 to 32 characters");
        }
    }

    /** A token with a unique label starting with {@code prefix} and the test PINs. */
    public static TokenSpec fresh(String prefix) {
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String head = prefix.length() > 23 ? prefix.substring(0, 23) : prefix;
        return new TokenSpec(head + "-" + suffix, TEST_SO_PIN, TEST_USER_PIN);
    }
}

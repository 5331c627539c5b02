package keybound.logon.challenge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class LogonChallengeTest {

    // 32 bytes 0x00..0x1f, base64url
    private static final Nonce NONCE = new Nonce("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8");

    @Test
    void signedBytesFollowTheDocumentedLayout() {
        var challenge = new LogonChallenge(NONCE, "https://a.b:8443", Instant.ofEpochSecond(0x0102030405L));
        String expected = HexFormat.of().formatHex("keybound/logon-challenge/v1".getBytes(StandardCharsets.US_ASCII)) + "00"
                + "0010" + HexFormat.of().formatHex("https://a.b:8443".getBytes(StandardCharsets.US_ASCII))
                + "20" + "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
                + "0000000102030405";
        assertArrayEquals(HexFormat.of().parseHex(expected), challenge.toBeSigned());
    }

    @Test
    void originAndExpiryChangeTheSignedBytes() {
        Instant expiry = Instant.ofEpochSecond(1_700_000_000L);
        byte[] base = new LogonChallenge(NONCE, "https://bank.example", expiry).toBeSigned();
        assertFalse(Arrays.equals(base, new LogonChallenge(NONCE, "https://evil.example", expiry).toBeSigned()));
        assertFalse(Arrays.equals(base, new LogonChallenge(NONCE, "https://bank.example", expiry.plusSeconds(1)).toBeSigned()));
    }

    @Test
    void nonceMustBeA256BitToken() {
        assertThrows(IllegalArgumentException.class, () -> new Nonce("short"));
        assertThrows(IllegalArgumentException.class, () -> new Nonce("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh+"));
    }
}

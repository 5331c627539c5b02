package keybound.token.piv;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The PIV card management key (key reference 9B) keybound uses to generate keys and store
 * certificates. The card knows its algorithm (3DES or AES, reported in its metadata); this holds
 * the key bytes only. The factory default is public knowledge, so a card still on it protects
 * its key slots with the PIN alone.
 */
public final class ManagementKey {

    /** The factory default: 01 02 .. 08 three times (3DES). */
    public static final ManagementKey FACTORY_DEFAULT =
            new ManagementKey(HexFormat.of().parseHex("010203040506070801020304050607080102030405060708"));

    private final byte[] key;

    private ManagementKey(byte[] key) {
        this.key = key.clone();
    }

    /** 16, 24 or 32 bytes (AES-128, 3DES or AES-192, AES-256). */
    public static ManagementKey of(byte[] key) {
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new IllegalArgumentException("A PIV management key is 16, 24 or 32 bytes, not " + key.length);
        }
        return new ManagementKey(key);
    }

    byte[] bytes() {
        return key.clone();
    }

    @Override
    public String toString() {
        return Arrays.equals(key, FACTORY_DEFAULT.key) ? "ManagementKey[factory default]" : "ManagementKey[****]";
    }
}

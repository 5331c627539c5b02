package keybound.issuer.ca;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Random certificate serials: 127 random bits, positive and under RFC 5280's 20-octet limit (well
 * over the 64 bits CAs must use). Uniqueness is the registry's primary key, not luck.
 */
public final class SerialNumbers {

    private final SecureRandom random;

    public SerialNumbers(SecureRandom random) {
        this.random = random;
    }

    public SerialNumbers() {
        this(new SecureRandom());
    }

    public BigInteger next() {
        byte[] bytes = new byte[16];
        BigInteger serial;
        do {
            random.nextBytes(bytes);
            bytes[0] &= 0x7f;
            serial = new BigInteger(1, bytes);
        } while (serial.bitLength() < 64);
        return serial;
    }

    /** The registry's form of a serial: lower-case hex without leading zeros. */
    public static String hex(BigInteger serial) {
        return serial.toString(16);
    }
}

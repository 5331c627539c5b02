package keybound.issuer.contract;

/** RFC 4648 base32 without padding, into a char array the caller can wipe (authenticator apps read this form). */
final class Base32 {

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private Base32() {
    }

    static char[] encode(byte[] data) {
        char[] out = new char[(data.length * 8 + 4) / 5];
        int buffer = 0;
        int bits = 0;
        int p = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                out[p++] = ALPHABET[(buffer >>> (bits - 5)) & 0x1F];
                bits -= 5;
            }
        }
        if (bits > 0) {
            out[p] = ALPHABET[(buffer << (5 - bits)) & 0x1F];
        }
        return out;
    }
}

package keybound.token.attest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The bytes an attestation key signs, as the keybound applet lays them out (see
 * {@code token-applet/APDU.md}):
 *
 * <pre>
 *   "KBAT" version(1)=1 slot(1) serialLen(1) serial(ASCII) nonceLen(1) nonce
 *   keyType(1) keyLen(2, big-endian) key
 * </pre>
 *
 * keyType 1 = EC P-256, key = the uncompressed point (04 || X || Y, 65 bytes); keyType 2 = RSA,
 * key = modulus length(2) || modulus || public exponent. The signature over these bytes is
 * SHA256withECDSA (DER) by the card's attestation key.
 */
public record AttestationData(int slot, String cardSerial, byte[] nonce, int keyType, byte[] key) {

    public static final int KEY_EC_P256 = 1;
    public static final int KEY_RSA = 2;
    private static final byte[] MAGIC = {'K', 'B', 'A', 'T'};
    private static final int VERSION = 1;

    public AttestationData {
        Objects.requireNonNull(cardSerial, "cardSerial");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(key, "key");
        if (slot < 0 || slot > 255 || nonce.length > 255 || cardSerial.length() > 255 || key.length > 0xFFFF) {
            throw new IllegalArgumentException("attestation field out of range");
        }
    }

    public byte[] encode() {
        var out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.write(VERSION);
        out.write(slot);
        byte[] serial = cardSerial.getBytes(StandardCharsets.US_ASCII);
        out.write(serial.length);
        out.writeBytes(serial);
        out.write(nonce.length);
        out.writeBytes(nonce);
        out.write(keyType);
        out.write(key.length >>> 8);
        out.write(key.length & 0xFF);
        out.writeBytes(key);
        return out.toByteArray();
    }

    /**
     * Reads a version 1 statement.
     *
     * @throws AttestationException the bytes are not a well-formed version 1 statement
     */
    public static AttestationData decode(byte[] data) {
        try {
            if (data.length < 4 || !Arrays.equals(Arrays.copyOfRange(data, 0, 4), MAGIC)) {
                throw new AttestationException("not a keybound attestation statement");
            }
            int p = 4;
            if ((data[p++] & 0xFF) != VERSION) {
                throw new AttestationException("unsupported attestation statement version");
            }
            int slot = data[p++] & 0xFF;
            int serialLen = data[p++] & 0xFF;
            String serial = new String(data, p, serialLen, StandardCharsets.US_ASCII);
            p += serialLen;
            int nonceLen = data[p++] & 0xFF;
            byte[] nonce = Arrays.copyOfRange(data, p, p + nonceLen);
            p += nonceLen;
            int keyType = data[p++] & 0xFF;
            int keyLen = ((data[p++] & 0xFF) << 8) | (data[p++] & 0xFF);
            if (p + keyLen != data.length) {
                throw new AttestationException("attestation statement length does not match its contents");
            }
            byte[] key = Arrays.copyOfRange(data, p, p + keyLen);
            return new AttestationData(slot, serial, nonce, keyType, key);
        } catch (ArrayIndexOutOfBoundsException | StringIndexOutOfBoundsException e) {
            throw new AttestationException("attestation statement is truncated", e);
        }
    }
}

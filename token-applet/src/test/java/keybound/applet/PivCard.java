package keybound.applet;

import static keybound.applet.Card.assertSw;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/** A personalised card spoken to in its PIV role, in raw APDUs (the host side of APDU.md's PIV table). */
final class PivCard {
    static final byte[] DEFAULT_MANAGEMENT_KEY = {1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8};

    final Card card = Card.personalised();

    PivCard() {
        assertSw(0x9000, select());
    }

    ResponseAPDU select() {
        return card.send(new CommandAPDU(0x00, 0xA4, 0x04, 0x00, Arrays.copyOf(PivProtocol.aid(), 9), 256));
    }

    ResponseAPDU send(int ins, int p1, int p2, byte[] data) {
        return card.sendLong(data == null ? new CommandAPDU(0x00, ins, p1, p2, 256) : new CommandAPDU(0x00, ins, p1, p2, data, 256));
    }

    /** Sends {@code data} in chained parts of at most 255 bytes. */
    ResponseAPDU sendChained(int ins, int p1, int p2, byte[] data) {
        ResponseAPDU r = null;
        for (int off = 0; off < data.length; off += 255) {
            int end = Math.min(data.length, off + 255);
            boolean last = end == data.length;
            CommandAPDU command = last ? new CommandAPDU(0x00, ins, p1, p2, Arrays.copyOfRange(data, off, end), 256)
                    : new CommandAPDU(0x10, ins, p1, p2, Arrays.copyOfRange(data, off, end));
            r = last ? card.sendLong(command) : card.send(command);
            if (!last && r.getSW() != 0x9000) {
                return r;
            }
        }
        return r;
    }

    ResponseAPDU getData(byte... tag) {
        return send(0xCB, 0x3F, 0xFF, tlv(0x5C, tag));
    }

    ResponseAPDU verify(String pin) {
        return send(0x20, 0x00, 0x80, padded(pin));
    }

    static byte[] padded(String pin) {
        byte[] field = new byte[8];
        Arrays.fill(field, (byte) 0xFF);
        byte[] raw = pin.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(raw, 0, field, 0, raw.length);
        return field;
    }

    /** Mutual authentication with the management key (3DES for 24 bytes unless {@code algorithm} says AES). */
    ResponseAPDU authenticate(int algorithm, byte[] key) throws Exception {
        String cipherName = algorithm == PivProtocol.ALG_3DES ? "DESede" : "AES";
        int block = algorithm == PivProtocol.ALG_3DES ? 8 : 16;
        ResponseAPDU first = send(0x87, algorithm, 0x9B, new byte[] {0x7C, 0x02, (byte) 0x80, 0x00});
        if (first.getSW() != 0x9000) {
            return first;
        }
        byte[] witness = Arrays.copyOfRange(first.getData(), 4, 4 + block);
        Cipher cipher = Cipher.getInstance(cipherName + "/ECB/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, cipherName));
        byte[] plainWitness = cipher.doFinal(witness);
        byte[] challenge = new byte[block];
        new SecureRandom().nextBytes(challenge);
        var body = new ByteArrayOutputStream();
        body.writeBytes(tlv(0x80, plainWitness));
        body.writeBytes(tlv(0x81, challenge));
        ResponseAPDU second = send(0x87, algorithm, 0x9B, tlv(0x7C, body.toByteArray()));
        if (second.getSW() == 0x9000) {
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, cipherName));
            assertArrayEquals(cipher.doFinal(challenge), Arrays.copyOfRange(second.getData(), 4, 4 + block),
                    "the card proves the key too");
        }
        return second;
    }

    void authenticate() throws Exception {
        assertSw(0x9000, authenticate(PivProtocol.ALG_3DES, DEFAULT_MANAGEMENT_KEY));
    }

    ResponseAPDU generate(int slot, int algorithm) {
        return send(0x47, 0x00, slot, tlv(0xAC, new byte[] {(byte) 0x80, 0x01, (byte) algorithm}));
    }

    /** GENERAL AUTHENTICATE signing of a SHA-256 digest (EC) or a padded block (RSA). */
    ResponseAPDU sign(int algorithm, int slot, byte[] input) {
        var body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {(byte) 0x82, 0x00});
        body.writeBytes(tlv(0x81, input));
        return sendChained(0x87, algorithm, slot, tlv(0x7C, body.toByteArray()));
    }

    static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    /** BER-TLV with a one-byte tag (the length in the short form, 81 or 82). */
    static byte[] tlv(int tag, byte[] value) {
        var out = new ByteArrayOutputStream();
        out.write(tag);
        int n = value.length;
        if (n >= 256) {
            out.write(0x82);
            out.write(n >> 8);
        } else if (n >= 128) {
            out.write(0x81);
        }
        out.write(n);
        out.writeBytes(value);
        return out.toByteArray();
    }

    /** The content of the 7F49 public key template a GENERATE answered. */
    static byte[] keyTemplate(ResponseAPDU generated) {
        byte[] data = generated.getData();
        assertSw(0x9000, generated);
        if ((data[0] & 0xFF) != 0x7F || data[1] != 0x49) {
            throw new AssertionError("no 7F49 template: " + Card.hex(data));
        }
        return value(Arrays.copyOfRange(data, 1, data.length), 0x49);
    }

    /** The value of the first TLV tagged {@code tag} at top level of {@code data} (one-byte tags only). */
    static byte[] value(byte[] data, int tag) {
        int at = 0;
        while (at < data.length) {
            int t = data[at] & 0xFF;
            int first = data[at + 1] & 0xFF;
            int header = first < 0x80 ? 2 : first == 0x81 ? 3 : 4;
            int length = first < 0x80 ? first : first == 0x81 ? data[at + 2] & 0xFF
                    : ((data[at + 2] & 0xFF) << 8) | (data[at + 3] & 0xFF);
            if (t == tag) {
                return Arrays.copyOfRange(data, at + header, at + header + length);
            }
            at += header + length;
        }
        throw new AssertionError("no tag " + Integer.toHexString(tag));
    }
}

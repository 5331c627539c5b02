package keybound.applet;

import javacard.framework.Util;
import javacard.security.MessageDigest;

/**
 * The PIV data objects the card derives from its own state rather than storing: CCC, CHUID,
 * discovery object and key history, and Yubico's 4-byte serial number. The CHUID's GUID is the
 * card's keybound serial (ASCII, padded with 00 to 16 bytes), so a host finds the same card by
 * the same serial through either protocol.
 */
final class PivObjects {
    /** FASC-N for a non-federal issuer (agency 9999, system 9999, credential 999999), BCD with parity. */
    private static final byte[] FASC_N = {
            (byte) 0xD4, (byte) 0xE7, 0x39, (byte) 0xDA, 0x73, (byte) 0x9C, (byte) 0xED, 0x39, (byte) 0xCE, 0x73,
            (byte) 0x9D, (byte) 0x83, 0x68, 0x58, 0x21, 0x08, 0x42, 0x10, (byte) 0x84, 0x21, (byte) 0xC8, 0x42,
            0x10, (byte) 0xC3, (byte) 0xEB};
    private static final byte[] EXPIRY = {'2', '0', '9', '9', '1', '2', '3', '1'};
    /** CCC after the card identifier: versions, and empty tags for what the card does not have. */
    private static final byte[] CCC_TAIL = {
            (byte) 0xF1, 0x01, 0x21, (byte) 0xF2, 0x01, 0x21, (byte) 0xF3, 0x00, (byte) 0xF4, 0x01, 0x00,
            (byte) 0xF5, 0x01, 0x10, (byte) 0xF6, 0x00, (byte) 0xF7, 0x00, (byte) 0xFA, 0x00, (byte) 0xFB, 0x00,
            (byte) 0xFC, 0x00, (byte) 0xFD, 0x00, (byte) 0xFE, 0x00};
    /** GSC-RID, manufacturer FF (unregistered), card type 02 (Java Card). */
    private static final byte[] CARD_ID_PREFIX = {(byte) 0xA0, 0x00, 0x00, 0x01, 0x16, (byte) 0xFF, 0x02};
    /** Discovery: the PIV AID, PIN usage policy 40 00 (the PIV application PIN only). */
    private static final byte[] DISCOVERY = {
            0x7E, 0x12, 0x4F, 0x0B, (byte) 0xA0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00,
            0x5F, 0x2F, 0x02, 0x40, 0x00};
    /** Key history: no retired keys on or off the card. */
    private static final byte[] KEY_HISTORY = {
            0x53, 0x08, (byte) 0xC1, 0x01, 0x00, (byte) 0xC2, 0x01, 0x00, (byte) 0xFE, 0x00};
    /** The SELECT answer: application property template with the PIV AID's PIX and the NIST RID. */
    static final byte[] APPLICATION_TEMPLATE = {
            0x61, 0x11, 0x4F, 0x06, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00, 0x79, 0x07, 0x4F, 0x05,
            (byte) 0xA0, 0x00, 0x00, 0x03, 0x08};
    /** The trailer of a certificate container: not compressed, empty error detection code. */
    static final byte[] CERTIFICATE_TRAILER = {PivProtocol.TAG_CERT_INFO, 0x01, 0x00, PivProtocol.TAG_ERROR_DETECTION, 0x00};

    private final MessageDigest sha256 = MessageDigest.getInstance(MessageDigest.ALG_SHA_256, false);
    private final Attestor attestor;

    PivObjects(Attestor attestor) {
        this.attestor = attestor;
    }

    short writeDiscovery(byte[] out, short offset) {
        return Util.arrayCopyNonAtomic(DISCOVERY, (short) 0, out, offset, (short) DISCOVERY.length);
    }

    short writeKeyHistory(byte[] out, short offset) {
        return Util.arrayCopyNonAtomic(KEY_HISTORY, (short) 0, out, offset, (short) KEY_HISTORY.length);
    }

    /** 53 { 30 FASC-N, 34 GUID, 35 expiry, 3E (no signature), FE }. Returns the end offset. */
    short writeChuid(byte[] out, short offset) {
        short p = Ber.header(out, offset, PivProtocol.TAG_OBJECT_DATA, (short) 59);
        p = Ber.header(out, p, (byte) 0x30, (short) FASC_N.length);
        p = Util.arrayCopyNonAtomic(FASC_N, (short) 0, out, p, (short) FASC_N.length);
        p = Ber.header(out, p, (byte) 0x34, (short) 16);
        p = writePaddedSerial(out, p);
        p = Ber.header(out, p, (byte) 0x35, (short) EXPIRY.length);
        p = Util.arrayCopyNonAtomic(EXPIRY, (short) 0, out, p, (short) EXPIRY.length);
        p = Ber.header(out, p, (byte) 0x3E, (short) 0);
        return Ber.header(out, p, PivProtocol.TAG_ERROR_DETECTION, (short) 0);
    }

    /** 53 { F0 card identifier (prefix + serial), versions and empty fields }. Returns the end offset. */
    short writeCcc(byte[] out, short offset) {
        short p = Ber.header(out, offset, PivProtocol.TAG_OBJECT_DATA, (short) (2 + 21 + CCC_TAIL.length));
        p = Ber.header(out, p, (byte) 0xF0, (short) 21);
        p = Util.arrayCopyNonAtomic(CARD_ID_PREFIX, (short) 0, out, p, (short) CARD_ID_PREFIX.length);
        // 14 bytes of card id: the first 14 of the padded serial
        short serialAt = p;
        writePaddedSerial(out, p); // writes 16; the last two are overwritten by the tail below
        p = (short) (serialAt + 14);
        return Util.arrayCopyNonAtomic(CCC_TAIL, (short) 0, out, p, (short) CCC_TAIL.length);
    }

    /** Yubico's serial: the first 4 bytes of SHA-256(serial), top bit clear and first byte non-zero. */
    short writeSerialNumber(byte[] out, short offset, byte[] scratch) {
        short length = attestor.writeSerial(scratch, (short) 0);
        sha256.doFinal(scratch, (short) 1, (short) (length - 1), scratch, (short) 0);
        scratch[0] = (byte) (scratch[0] & 0x7F);
        if (scratch[0] == 0) {
            scratch[0] = 1;
        }
        return Util.arrayCopyNonAtomic(scratch, (short) 0, out, offset, (short) 4);
    }

    private short writePaddedSerial(byte[] out, short offset) {
        Util.arrayFillNonAtomic(out, offset, (short) 16, (byte) 0);
        attestor.writeSerial(out, offset); // length byte first: move the ASCII down by one
        short length = out[offset];
        Util.arrayCopyNonAtomic(out, (short) (offset + 1), out, offset, length);
        out[(short) (offset + length)] = 0;
        return (short) (offset + 16);
    }
}

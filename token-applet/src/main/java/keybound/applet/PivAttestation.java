package keybound.applet;

import javacard.framework.ISOException;
import javacard.framework.Util;
import javacard.security.RandomData;

/**
 * Yubico-format PIV attestation (INS F9): an X.509 certificate for a slot's public key, issued
 * by the card's attestation key. Its issuer and validity are copied from the attestation
 * certificate (so the chain slot certificate → attestation certificate → maker root holds), and
 * Yubico's extensions carry firmware version, serial, PIN and touch policy and form factor.
 */
@SuppressWarnings("deprecation") // ALG_SECURE_RANDOM: the Java Card 3.0.4 API jcardsim seeds
final class PivAttestation {
    private static final byte[] VERSION = {(byte) 0xA0, 0x03, 0x02, 0x01, 0x02};
    private static final byte[] ECDSA_SHA256 = {
            0x30, 0x0A, 0x06, 0x08, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x04, 0x03, 0x02};
    /** SubjectPublicKeyInfo up to the EC point (P-256, uncompressed point follows). */
    private static final byte[] EC_SPKI_PREFIX = {
            0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01, 0x06, 0x08,
            0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00};
    /** SubjectPublicKeyInfo up to the modulus (RSA-2048 with a leading 00, exponent follows). */
    private static final byte[] RSA_SPKI_PREFIX = {
            0x30, (byte) 0x82, 0x01, 0x22, 0x30, 0x0D, 0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7,
            0x0D, 0x01, 0x01, 0x01, 0x05, 0x00, 0x03, (byte) 0x82, 0x01, 0x0F, 0x00, 0x30, (byte) 0x82, 0x01, 0x0A,
            0x02, (byte) 0x82, 0x01, 0x01, 0x00};
    /** Subject: CN "keybound PIV Attestation " followed by the slot in hex (2 characters). */
    private static final byte[] SUBJECT_PREFIX = {
            0x30, 0x26, 0x31, 0x24, 0x30, 0x22, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0C, 0x1B,
            'k', 'e', 'y', 'b', 'o', 'u', 'n', 'd', ' ', 'P', 'I', 'V', ' ',
            'A', 't', 't', 'e', 's', 't', 'a', 't', 'i', 'o', 'n', ' '};
    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
    /** Yubico's OID arc 1.3.6.1.4.1.41482.3, to which each extension adds one last byte. */
    private static final byte[] YUBICO_ARC = {0x06, 0x0A, 0x2B, 0x06, 0x01, 0x04, 0x01, (byte) 0x82, (byte) 0xC4, 0x0A, 0x03};
    private static final byte EXT_FIRMWARE = 3;
    private static final byte EXT_SERIAL = 7;
    private static final byte EXT_POLICY = 8;
    private static final byte EXT_FORM_FACTOR = 9;
    /** A3 4E 30 4C and the four extensions: 19 + 22 + 18 + 17 bytes. */
    private static final short EXTENSIONS_LENGTH = 80;
    /** Form factor 00: not a YubiKey model (a keybound card). */
    private static final byte FORM_FACTOR = 0x00;

    private final RandomData random = RandomData.getInstance(RandomData.ALG_SECURE_RANDOM);
    private final Attestor attestor;
    private final KeySlots slots;
    private final PivObjects objects;

    PivAttestation(Attestor attestor, KeySlots slots, PivObjects objects) {
        this.attestor = attestor;
        this.slots = slots;
        this.objects = objects;
    }

    /**
     * Builds the certificate for {@code slot} (keybound slot index, PIV reference {@code reference})
     * into {@code out} and returns its offset; its length goes to {@code lengthOut[0]}. {@code out}
     * needs about 1100 bytes, {@code scratch} 300.
     */
    short certify(byte slot, byte reference, byte[] out, byte[] scratch, short[] lengthOut) {
        byte type = slots.requireKey(slot);
        if (!attestor.hasCertificate()) {
            ISOException.throwIt(Protocol.SW_CONDITIONS_NOT_SATISFIED);
        }
        byte[] issuerCert = attestor.certificate();
        short end = attestor.certificateLength();
        // Certificate { TBSCertificate { [0] version?, serial, signature, issuer, validity, subject ...
        short tbs = Ber.valueOffset(issuerCert, (short) 0, end);
        short field = Ber.valueOffset(issuerCert, tbs, end);
        short tbsEnd = Ber.next(issuerCert, tbs, end);
        if (issuerCert[field] == (byte) 0xA0) {
            field = Ber.next(issuerCert, field, tbsEnd);
        }
        field = Ber.next(issuerCert, field, tbsEnd); // serial
        field = Ber.next(issuerCert, field, tbsEnd); // signature algorithm
        short validity = Ber.next(issuerCert, field, tbsEnd);
        short validityEnd = Ber.next(issuerCert, validity, tbsEnd);
        short subjectEnd = Ber.next(issuerCert, validityEnd, tbsEnd);
        short issuerLength = (short) (subjectEnd - validityEnd); // the attestation certificate's subject
        short validityLength = (short) (validityEnd - validity);

        short keyLength = type == Protocol.KEY_EC_P256 ? (short) (EC_SPKI_PREFIX.length + P256.POINT_LENGTH)
                : (short) (RSA_SPKI_PREFIX.length + 256 + 5);
        short tbsLength = (short) (VERSION.length + 18 + ECDSA_SHA256.length + issuerLength + validityLength
                + SUBJECT_PREFIX.length + 2 + keyLength + EXTENSIONS_LENGTH);

        short start = 8; // room for the certificate's own header, written last
        short p = Ber.header(out, start, (byte) 0x30, tbsLength);
        short tbsStart = start;
        p = Util.arrayCopyNonAtomic(VERSION, (short) 0, out, p, (short) VERSION.length);
        out[p++] = 0x02;
        out[p++] = 16;
        random.generateData(out, p, (short) 16);
        out[p] = (byte) ((out[p] & 0x3F) | 0x40); // positive, and no leading zero byte needed
        p += 16;
        p = Util.arrayCopyNonAtomic(ECDSA_SHA256, (short) 0, out, p, (short) ECDSA_SHA256.length);
        p = Util.arrayCopyNonAtomic(issuerCert, validityEnd, out, p, issuerLength);
        p = Util.arrayCopyNonAtomic(issuerCert, validity, out, p, validityLength);
        p = Util.arrayCopyNonAtomic(SUBJECT_PREFIX, (short) 0, out, p, (short) SUBJECT_PREFIX.length);
        out[p++] = HEX[(reference >> 4) & 0x0F];
        out[p++] = HEX[reference & 0x0F];
        p = writeSubjectPublicKey(slot, type, out, p, scratch);
        p = writeExtensions(out, p, scratch);
        short tbsTotal = (short) (p - tbsStart);

        short signatureLength = attestor.sign(out, tbsStart, tbsTotal, scratch, (short) 0);
        p = Util.arrayCopyNonAtomic(ECDSA_SHA256, (short) 0, out, p, (short) ECDSA_SHA256.length);
        p = Ber.header(out, p, (byte) 0x03, (short) (signatureLength + 1));
        out[p++] = 0x00;
        p = Util.arrayCopyNonAtomic(scratch, (short) 0, out, p, signatureLength);

        short contentLength = (short) (p - tbsStart);
        short certStart = (short) (tbsStart - Ber.headerSize(contentLength));
        Ber.header(out, certStart, (byte) 0x30, contentLength);
        lengthOut[0] = (short) (p - certStart);
        return certStart;
    }

    private short writeSubjectPublicKey(byte slot, byte type, byte[] out, short p, byte[] scratch) {
        // the typed key (type, length, key) of keybound's own encoding has the raw parts in order
        slots.writePublicKey(slot, scratch, (short) 0);
        if (type == Protocol.KEY_EC_P256) {
            p = Util.arrayCopyNonAtomic(EC_SPKI_PREFIX, (short) 0, out, p, (short) EC_SPKI_PREFIX.length);
            return Util.arrayCopyNonAtomic(scratch, (short) 3, out, p, P256.POINT_LENGTH);
        }
        short modulusLength = Util.getShort(scratch, (short) 3);
        short exponentLength = (short) (Util.getShort(scratch, (short) 1) - 2 - modulusLength);
        if (modulusLength != 256 || exponentLength != 3) {
            ISOException.throwIt(Protocol.SW_UNKNOWN);
        }
        p = Util.arrayCopyNonAtomic(RSA_SPKI_PREFIX, (short) 0, out, p, (short) RSA_SPKI_PREFIX.length);
        p = Util.arrayCopyNonAtomic(scratch, (short) 5, out, p, modulusLength);
        out[p++] = 0x02;
        out[p++] = 0x03;
        return Util.arrayCopyNonAtomic(scratch, (short) (5 + modulusLength), out, p, exponentLength);
    }

    private short writeExtensions(byte[] out, short p, byte[] scratch) {
        out[p++] = (byte) 0xA3;
        out[p++] = (byte) (EXTENSIONS_LENGTH - 2);
        out[p++] = 0x30;
        out[p++] = (byte) (EXTENSIONS_LENGTH - 4);
        p = extension(out, p, EXT_FIRMWARE, (short) 3);
        out[p++] = PivProtocol.VERSION_MAJOR;
        out[p++] = PivProtocol.VERSION_MINOR;
        out[p++] = PivProtocol.VERSION_PATCH;
        p = extension(out, p, EXT_SERIAL, (short) 6);
        out[p++] = 0x02;
        out[p++] = 0x04;
        p = objects.writeSerialNumber(out, p, scratch);
        p = extension(out, p, EXT_POLICY, (short) 2);
        out[p++] = PivProtocol.PIN_POLICY_ONCE;
        out[p++] = PivProtocol.TOUCH_POLICY_NEVER;
        p = extension(out, p, EXT_FORM_FACTOR, (short) 1);
        out[p++] = FORM_FACTOR;
        return p;
    }

    /** SEQUENCE { OID arc.last, OCTET STRING (valueLength bytes follow) }: writes up to the value. */
    private static short extension(byte[] out, short p, byte last, short valueLength) {
        out[p++] = 0x30;
        out[p++] = (byte) (YUBICO_ARC.length + 1 + 2 + valueLength);
        p = Util.arrayCopyNonAtomic(YUBICO_ARC, (short) 0, out, p, (short) YUBICO_ARC.length);
        out[p++] = last;
        out[p++] = 0x04;
        out[p++] = (byte) valueLength;
        return p;
    }
}

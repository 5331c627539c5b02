package keybound.applet;

import javacard.framework.ISOException;
import javacard.framework.Util;
import javacard.security.ECPrivateKey;
import javacard.security.ECPublicKey;
import javacard.security.KeyBuilder;
import javacard.security.KeyPair;
import javacard.security.Signature;

/**
 * The card's identity: its serial, the attestation key pair made at personalisation and the
 * manufacturer's certificate for it. Signs AttestationData (see APDU.md) with ECDSA SHA-256.
 */
final class Attestor {
    private static final byte[] MAGIC = {'K', 'B', 'A', 'T'};

    private final KeyPair keyPair = new KeyPair(KeyPair.ALG_EC_FP, KeyBuilder.LENGTH_EC_FP_256);
    private final Signature signature = Signature.getInstance(Signature.ALG_ECDSA_SHA_256, false);
    private final byte[] serial = new byte[Protocol.SERIAL_MAX];
    private byte serialLength;
    private final byte[] certificate = new byte[Protocol.MAX_CERTIFICATE];
    private short certificateLength;

    private final EcKeyMaker ecKeys;

    Attestor(EcKeyMaker ecKeys) {
        this.ecKeys = ecKeys;
        P256.setCurve((ECPublicKey) keyPair.getPublic());
        P256.setCurve((ECPrivateKey) keyPair.getPrivate());
    }

    /** Sets the serial and makes a fresh attestation key; any earlier certificate no longer fits it. */
    short personalise(byte[] buf, short serialOffset, byte length, byte[] out, short outOffset) {
        certificateLength = 0;
        Util.arrayCopy(buf, serialOffset, serial, (short) 0, length);
        serialLength = length;
        ecKeys.generate(keyPair);
        signature.init(keyPair.getPrivate(), Signature.MODE_SIGN); // once: see KeySlots on jcardsim's nonces
        return ((ECPublicKey) keyPair.getPublic()).getW(out, outOffset);
    }

    static void checkSerial(byte[] buf, short offset, byte length) {
        if (length < Protocol.SERIAL_MIN || length > Protocol.SERIAL_MAX) {
            ISOException.throwIt(Protocol.SW_WRONG_LENGTH);
        }
        for (short i = 0; i < length; i++) {
            byte b = buf[(short) (offset + i)];
            if (b < 0x21 || b > 0x7E) {
                ISOException.throwIt(Protocol.SW_WRONG_DATA);
            }
        }
    }

    short writeSerial(byte[] out, short offset) {
        out[offset] = serialLength;
        Util.arrayCopyNonAtomic(serial, (short) 0, out, (short) (offset + 1), serialLength);
        return (short) (1 + serialLength);
    }

    boolean hasCertificate() {
        return certificateLength > 0;
    }

    byte[] certificate() {
        return certificate;
    }

    short certificateLength() {
        return certificateLength;
    }

    void commitCertificate(byte[] staged, short length) {
        certificateLength = 0;
        Util.arrayCopy(staged, (short) 0, certificate, (short) 0, length);
        certificateLength = length;
    }

    /** Signs {@code data} with the attestation key (ECDSA SHA-256, DER); returns the signature's length. */
    short sign(byte[] data, short offset, short length, byte[] out, short outOffset) {
        return signature.sign(data, offset, length, out, outOffset);
    }

    /**
     * Writes dataLength(2) AttestationData signature into {@code out} at 0 and returns the
     * total length. The nonce is in {@code buf}; {@code out} must not overlap it.
     */
    short attest(KeySlots slots, byte slot, byte[] buf, short nonceOffset, byte nonceLength, byte[] out) {
        short p = 2;
        p = Util.arrayCopyNonAtomic(MAGIC, (short) 0, out, p, (short) 4);
        out[p++] = Protocol.VERSION;
        out[p++] = slot;
        p += writeSerial(out, p);
        out[p++] = nonceLength;
        p = Util.arrayCopyNonAtomic(buf, nonceOffset, out, p, nonceLength);
        p += slots.writePublicKey(slot, out, p);
        short dataLength = (short) (p - 2);
        Util.setShort(out, (short) 0, dataLength);
        p += signature.sign(out, (short) 2, dataLength, out, p);
        return p;
    }
}

package keybound.applet;

import javacard.framework.ISOException;
import javacard.framework.JCSystem;
import javacard.framework.Util;
import javacard.security.CryptoException;
import javacard.security.ECPrivateKey;
import javacard.security.ECPublicKey;
import javacard.security.KeyBuilder;
import javacard.security.KeyPair;
import javacard.security.RSAPublicKey;
import javacard.security.Signature;

/**
 * The key slots: per slot a key type, a label, the key pair objects (allocated at install, one
 * of each kind) and a certificate. A slot's type byte is written last, so an interrupted
 * generation leaves the slot empty rather than half made.
 */
final class KeySlots {
    private final byte[] types = new byte[Protocol.SLOT_COUNT];
    private final byte[] labelLengths = new byte[Protocol.SLOT_COUNT];
    private final byte[][] labels = new byte[Protocol.SLOT_COUNT][];
    private final KeyPair[] ecPairs = new KeyPair[Protocol.SLOT_COUNT];
    private final KeyPair[] rsaPairs = new KeyPair[Protocol.SLOT_COUNT];
    private final byte[][] certificates = new byte[Protocol.SLOT_COUNT][];
    private final short[] certificateLengths = new short[Protocol.SLOT_COUNT];
    private final Signature ecdsa;
    private final Signature rsa;
    private final boolean rsaAvailable;

    KeySlots() {
        boolean rsaOk = true;
        Signature rsaSignature = null;
        for (byte s = 0; s < Protocol.SLOT_COUNT; s++) {
            labels[s] = new byte[Protocol.MAX_LABEL];
            certificates[s] = new byte[Protocol.MAX_CERTIFICATE];
            ecPairs[s] = new KeyPair(KeyPair.ALG_EC_FP, KeyBuilder.LENGTH_EC_FP_256);
            P256.setCurve((ECPublicKey) ecPairs[s].getPublic());
            P256.setCurve((ECPrivateKey) ecPairs[s].getPrivate());
            try {
                rsaPairs[s] = new KeyPair(KeyPair.ALG_RSA_CRT, KeyBuilder.LENGTH_RSA_2048);
            } catch (CryptoException e) {
                rsaOk = false;
            }
        }
        ecdsa = Signature.getInstance(Signature.ALG_ECDSA_SHA_256, false);
        try {
            rsaSignature = Signature.getInstance(Signature.ALG_RSA_SHA_256_PKCS1, false);
        } catch (CryptoException e) {
            rsaOk = false;
        }
        rsa = rsaSignature;
        rsaAvailable = rsaOk;
    }

    /** 6A86 unless {@code slot} names a slot. */
    static byte checkSlot(byte slot) {
        if (slot < 0 || slot >= Protocol.SLOT_COUNT) {
            ISOException.throwIt(Protocol.SW_INCORRECT_P1P2);
        }
        return slot;
    }

    byte type(byte slot) {
        return types[slot];
    }

    /** 6A88 unless the slot holds a key. */
    byte requireKey(byte slot) {
        byte type = types[checkSlot(slot)];
        if (type == Protocol.KEY_NONE) {
            ISOException.throwIt(Protocol.SW_DATA_NOT_FOUND);
        }
        return type;
    }

    void generate(byte slot, byte type, byte[] label, short labelOffset, byte labelLength) {
        checkSlot(slot);
        if (type != Protocol.KEY_EC_P256 && type != Protocol.KEY_RSA_2048) {
            ISOException.throwIt(Protocol.SW_INCORRECT_P1P2);
        }
        if (labelLength < 0 || labelLength > Protocol.MAX_LABEL) {
            ISOException.throwIt(Protocol.SW_WRONG_LENGTH);
        }
        if (types[slot] != Protocol.KEY_NONE) {
            ISOException.throwIt(Protocol.SW_DATA_EXISTS);
        }
        if (type == Protocol.KEY_RSA_2048 && !rsaAvailable) {
            ISOException.throwIt(Protocol.SW_FUNCTION_NOT_SUPPORTED);
        }
        (type == Protocol.KEY_EC_P256 ? ecPairs[slot] : rsaPairs[slot]).genKeyPair();
        Util.arrayCopy(label, labelOffset, labels[slot], (short) 0, labelLength);
        labelLengths[slot] = labelLength;
        certificateLengths[slot] = 0;
        types[slot] = type;
    }

    void delete(byte slot) {
        requireKey(slot);
        JCSystem.beginTransaction();
        types[slot] = Protocol.KEY_NONE;
        labelLengths[slot] = 0;
        certificateLengths[slot] = 0;
        JCSystem.commitTransaction();
        ecPairs[slot].getPrivate().clearKey();
        if (rsaPairs[slot] != null) {
            rsaPairs[slot].getPrivate().clearKey();
        }
        P256.setCurve((ECPrivateKey) ecPairs[slot].getPrivate());
    }

    /** Starts a signature; 6A86 when the algorithm does not fit the slot's key. */
    Signature beginSign(byte slot, byte algorithm) {
        byte type = requireKey(slot);
        if (type == Protocol.KEY_EC_P256 && algorithm == Protocol.SIGN_ECDSA_SHA256) {
            ecdsa.init(ecPairs[slot].getPrivate(), Signature.MODE_SIGN);
            return ecdsa;
        }
        if (type == Protocol.KEY_RSA_2048 && algorithm == Protocol.SIGN_RSA_PKCS1_SHA256) {
            rsa.init(rsaPairs[slot].getPrivate(), Signature.MODE_SIGN);
            return rsa;
        }
        ISOException.throwIt(Protocol.SW_INCORRECT_P1P2);
        return null;
    }

    /** The signature object a chained SIGN started (same slot and algorithm, already initialised). */
    Signature signatureInProgress(byte slot, byte algorithm) {
        requireKey(slot);
        return algorithm == Protocol.SIGN_ECDSA_SHA256 ? ecdsa : rsa;
    }

    /**
     * Writes the public key as keyType(1) keyLength(2) key, the key as AttestationData lays it
     * out (EC: the uncompressed point; RSA: modulus length(2) modulus exponent). Returns the length.
     */
    short writePublicKey(byte slot, byte[] out, short offset) {
        byte type = requireKey(slot);
        out[offset] = type;
        short keyOffset = (short) (offset + 3);
        short keyLength;
        if (type == Protocol.KEY_EC_P256) {
            keyLength = ((ECPublicKey) ecPairs[slot].getPublic()).getW(out, keyOffset);
        } else {
            RSAPublicKey pub = (RSAPublicKey) rsaPairs[slot].getPublic();
            short modLength = pub.getModulus(out, (short) (keyOffset + 2));
            Util.setShort(out, keyOffset, modLength);
            short expLength = pub.getExponent(out, (short) (keyOffset + 2 + modLength));
            keyLength = (short) (2 + modLength + expLength);
        }
        Util.setShort(out, (short) (offset + 1), keyLength);
        return (short) (3 + keyLength);
    }

    /** LIST SLOTS entry: slot(1) keyType(1) hasCertificate(1) labelLength(1) label. */
    short writeEntry(byte slot, byte[] out, short offset) {
        out[offset] = slot;
        out[(short) (offset + 1)] = types[slot];
        out[(short) (offset + 2)] = (byte) (certificateLengths[slot] > 0 ? 1 : 0);
        out[(short) (offset + 3)] = labelLengths[slot];
        Util.arrayCopyNonAtomic(labels[slot], (short) 0, out, (short) (offset + 4), labelLengths[slot]);
        return (short) (4 + labelLengths[slot]);
    }

    byte[] certificate(byte slot) {
        return certificates[slot];
    }

    short certificateLength(byte slot) {
        return certificateLengths[slot];
    }

    /** Stores a certificate from the staging buffer; the length is written last. */
    void commitCertificate(byte slot, byte[] staged, short length) {
        requireKey(slot);
        certificateLengths[slot] = 0;
        Util.arrayCopy(staged, (short) 0, certificates[slot], (short) 0, length);
        certificateLengths[slot] = length;
    }
}

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
import javacardx.crypto.Cipher;

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
    /**
     * One ECDSA object per slot, initialised once when the key is made and never again: jcardsim
     * draws ECDSA nonces from a generator that restarts at every init(), so re-initialising per
     * signature would sign with the same nonce every time and give the private key away.
     */
    private final Signature[] ecdsa = new Signature[Protocol.SLOT_COUNT];
    /** Set while a chained ECDSA signature has data in its object (persistent: survives a reset). */
    private final byte[] ecdsaPending = new byte[Protocol.SLOT_COUNT];
    private final Signature rsa;
    /** Raw RSA for PIV, whose host pads the digest itself (null where the card has no RSA). */
    private final Cipher rsaRaw;
    private final EcKeyMaker ecKeys;
    private final boolean rsaAvailable;
    private final byte[] scratch = JCSystem.makeTransientByteArray((short) 80, JCSystem.CLEAR_ON_DESELECT);

    KeySlots(EcKeyMaker ecKeys) {
        this.ecKeys = ecKeys;
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
        for (byte s = 0; s < Protocol.SLOT_COUNT; s++) {
            ecdsa[s] = Signature.getInstance(Signature.ALG_ECDSA_SHA_256, false);
        }
        try {
            rsaSignature = Signature.getInstance(Signature.ALG_RSA_SHA_256_PKCS1, false);
        } catch (CryptoException e) {
            rsaOk = false;
        }
        rsa = rsaSignature;
        Cipher raw = null;
        try {
            raw = Cipher.getInstance(Cipher.ALG_RSA_NOPAD, false);
        } catch (CryptoException e) {
            rsaOk = false;
        }
        rsaRaw = raw;
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
        if (type == Protocol.KEY_EC_P256) {
            ecKeys.generate(ecPairs[slot]);
            ecdsa[slot].init(ecPairs[slot].getPrivate(), Signature.MODE_SIGN);
            ecdsaPending[slot] = 0;
        } else {
            rsaPairs[slot].genKeyPair();
        }
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
            if (ecdsaPending[slot] != 0) {
                // an abandoned chain left data in the object: finish that signature and drop it
                ecdsa[slot].sign(scratch, (short) 0, (short) 0, scratch, (short) 0);
                ecdsaPending[slot] = 0;
            }
            return ecdsa[slot];
        }
        if (type == Protocol.KEY_RSA_2048 && algorithm == Protocol.SIGN_RSA_PKCS1_SHA256) {
            rsa.init(rsaPairs[slot].getPrivate(), Signature.MODE_SIGN);
            return rsa;
        }
        ISOException.throwIt(Protocol.SW_INCORRECT_P1P2);
        return null;
    }

    /**
     * PIV: signs a SHA-256 digest the host computed, with the slot's one ECDSA object (see
     * {@link #ecdsa}). Returns the DER signature's length.
     */
    short signDigest(byte slot, byte[] digest, short offset, byte[] out, short outOffset) {
        Signature signature = beginSign(slot, Protocol.SIGN_ECDSA_SHA256);
        return signature.signPreComputedHash(digest, offset, (short) 32, out, outOffset);
    }

    /** PIV: the raw RSA private-key operation on one 256-byte block the host padded. */
    short rsaPrivate(byte slot, byte[] block, short offset, byte[] out, short outOffset) {
        if (requireKey(slot) != Protocol.KEY_RSA_2048) {
            ISOException.throwIt(Protocol.SW_INCORRECT_P1P2);
        }
        rsaRaw.init(rsaPairs[slot].getPrivate(), Cipher.MODE_DECRYPT);
        return rsaRaw.doFinal(block, offset, (short) 256, out, outOffset);
    }

    /** PIV: drops the slot's certificate, keeping the key. */
    void clearCertificate(byte slot) {
        requireKey(slot);
        certificateLengths[slot] = 0;
    }

    /** The signature object a chained SIGN started (same slot and algorithm, already initialised). */
    Signature signatureInProgress(byte slot, byte algorithm) {
        requireKey(slot);
        return algorithm == Protocol.SIGN_ECDSA_SHA256 ? ecdsa[slot] : rsa;
    }

    /** Records that {@code slot}'s ECDSA object holds chained data until {@link #signed}. */
    void chainedPart(byte slot, byte algorithm) {
        if (algorithm == Protocol.SIGN_ECDSA_SHA256) {
            ecdsaPending[slot] = 1;
        }
    }

    void signed(byte slot) {
        ecdsaPending[slot] = 0;
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
        commitCertificate(slot, staged, (short) 0, length);
    }

    void commitCertificate(byte slot, byte[] from, short offset, short length) {
        requireKey(slot);
        certificateLengths[slot] = 0;
        Util.arrayCopy(from, offset, certificates[slot], (short) 0, length);
        certificateLengths[slot] = length;
    }

    /** Whether keys of {@code type} can be made here (RSA may be missing). */
    boolean available(byte type) {
        return type == Protocol.KEY_EC_P256 || (type == Protocol.KEY_RSA_2048 && rsaAvailable);
    }

    /**
     * PIV's public key data objects, without the 7F49 wrapper: EC {@code 86 41 point}; RSA
     * {@code 81 82 0100 modulus 82 len exponent}. Returns the length.
     */
    short writePivPublicKey(byte slot, byte[] out, short offset) {
        byte type = requireKey(slot);
        short p = offset;
        if (type == Protocol.KEY_EC_P256) {
            out[p++] = PivProtocol.TAG_EC_POINT;
            out[p++] = (byte) P256.POINT_LENGTH;
            p += ((ECPublicKey) ecPairs[slot].getPublic()).getW(out, p);
            return (short) (p - offset);
        }
        RSAPublicKey pub = (RSAPublicKey) rsaPairs[slot].getPublic();
        out[p++] = PivProtocol.TAG_RSA_MODULUS;
        out[p++] = (byte) 0x82;
        short lengthAt = p;
        p += 2;
        short modLength = pub.getModulus(out, p);
        Util.setShort(out, lengthAt, modLength);
        p += modLength;
        out[p++] = PivProtocol.TAG_RSA_EXPONENT;
        short expLength = pub.getExponent(out, (short) (p + 1));
        out[p++] = (byte) expLength;
        p += expLength;
        return (short) (p - offset);
    }
}

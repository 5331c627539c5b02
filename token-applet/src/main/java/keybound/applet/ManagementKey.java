package keybound.applet;

import javacard.framework.ISOException;
import javacard.framework.JCSystem;
import javacard.framework.Util;
import javacard.security.AESKey;
import javacard.security.DESKey;
import javacard.security.Key;
import javacard.security.KeyBuilder;
import javacard.security.RandomData;
import javacardx.crypto.Cipher;

/**
 * The PIV card management key (reference 9B): 3DES (the default key 0102..08 three times) or
 * AES-128/192/256. Mutual authentication per SP 800-73-4: the card sends an encrypted witness,
 * the host returns it decrypted with a challenge of its own, and the card answers the
 * challenge encrypted. The authenticated state lives in RAM until deselect or reset.
 */
@SuppressWarnings("deprecation") // ALG_SECURE_RANDOM: the Java Card 3.0.4 API jcardsim seeds
final class ManagementKey {
    private static final byte[] DEFAULT = {1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8};
    private static final short WITNESS_PENDING = 0;
    private static final short AUTHENTICATED = 1;

    private byte algorithm = PivProtocol.ALG_3DES;
    private final byte[] value = new byte[32];
    private final DESKey des = (DESKey) KeyBuilder.buildKey(KeyBuilder.TYPE_DES, KeyBuilder.LENGTH_DES3_3KEY, false);
    private final AESKey aes128 = (AESKey) KeyBuilder.buildKey(KeyBuilder.TYPE_AES, KeyBuilder.LENGTH_AES_128, false);
    private final AESKey aes192 = (AESKey) KeyBuilder.buildKey(KeyBuilder.TYPE_AES, KeyBuilder.LENGTH_AES_192, false);
    private final AESKey aes256 = (AESKey) KeyBuilder.buildKey(KeyBuilder.TYPE_AES, KeyBuilder.LENGTH_AES_256, false);
    private final Cipher desCipher = Cipher.getInstance(Cipher.ALG_DES_ECB_NOPAD, false);
    private final Cipher aesCipher = Cipher.getInstance(Cipher.ALG_AES_BLOCK_128_ECB_NOPAD, false);
    private final RandomData random = RandomData.getInstance(RandomData.ALG_SECURE_RANDOM);
    private final byte[] witness;
    private final boolean[] flags;

    ManagementKey() {
        Util.arrayCopyNonAtomic(DEFAULT, (short) 0, value, (short) 0, (short) DEFAULT.length);
        des.setKey(value, (short) 0);
        witness = JCSystem.makeTransientByteArray((short) 16, JCSystem.CLEAR_ON_DESELECT);
        flags = JCSystem.makeTransientBooleanArray((short) 2, JCSystem.CLEAR_ON_DESELECT);
    }

    byte algorithm() {
        return algorithm;
    }

    boolean isDefault() {
        return algorithm == PivProtocol.ALG_3DES
                && Util.arrayCompare(value, (short) 0, DEFAULT, (short) 0, (short) DEFAULT.length) == 0;
    }

    /** 6982 unless the host proved the management key in this selection. */
    void require() {
        if (!flags[AUTHENTICATED]) {
            ISOException.throwIt(Protocol.SW_SECURITY_STATUS_NOT_SATISFIED);
        }
    }

    void forget() {
        flags[AUTHENTICATED] = false;
        flags[WITNESS_PENDING] = false;
        Util.arrayFillNonAtomic(witness, (short) 0, (short) witness.length, (byte) 0);
    }

    /**
     * GENERAL AUTHENTICATE with key 9B. {@code 7C 02 80 00} asks for a witness; {@code 7C
     * 80 witness 81 challenge} answers it. Anything else, or a wrong witness, forgets any
     * authentication (6A80 / 6982). Writes the response into {@code out} and returns its length.
     */
    short authenticate(byte p1, byte[] in, short offset, short length, byte[] out) {
        flags[AUTHENTICATED] = false;
        if (p1 != algorithm) {
            forget();
            ISOException.throwIt(Protocol.SW_INCORRECT_P1P2);
        }
        short end = (short) (offset + length);
        short inner = Ber.expect(in, offset, end, PivProtocol.TAG_DYNAMIC_AUTH);
        short innerEnd = (short) (inner + Ber.valueLength(in, offset, end));
        if (Ber.next(in, offset, end) != end) {
            forget();
            ISOException.throwIt(Protocol.SW_WRONG_DATA);
        }
        short block = blockSize();
        short witnessAt = Ber.find(in, inner, innerEnd, PivProtocol.TAG_WITNESS);
        short challengeAt = Ber.find(in, inner, innerEnd, PivProtocol.TAG_CHALLENGE);
        if (witnessAt >= 0 && Ber.valueLength(in, witnessAt, innerEnd) == 0 && challengeAt < 0) {
            random.generateData(witness, (short) 0, block);
            flags[WITNESS_PENDING] = true;
            return answer(PivProtocol.TAG_WITNESS, witness, (short) 0, out);
        }
        boolean pending = flags[WITNESS_PENDING];
        flags[WITNESS_PENDING] = false; // one answer per witness, right or wrong
        if (witnessAt < 0 || challengeAt < 0 || Ber.valueLength(in, witnessAt, innerEnd) != block
                || Ber.valueLength(in, challengeAt, innerEnd) != block) {
            forget();
            ISOException.throwIt(Protocol.SW_WRONG_DATA);
        }
        boolean matches = pending & sameInConstantTime(in, Ber.valueOffset(in, witnessAt, innerEnd), witness, block);
        Util.arrayFillNonAtomic(witness, (short) 0, (short) witness.length, (byte) 0);
        if (!matches) {
            forget();
            ISOException.throwIt(Protocol.SW_SECURITY_STATUS_NOT_SATISFIED);
        }
        flags[AUTHENTICATED] = true;
        return answer(PivProtocol.TAG_RESPONSE, in, Ber.valueOffset(in, challengeAt, innerEnd), out);
    }

    /** Yubico SET MANAGEMENT KEY data: algorithm(1) 9B length key. Needs authentication first. */
    void set(byte[] in, short offset, short length) {
        require();
        if (length < 3 || in[(short) (offset + 1)] != PivProtocol.REF_MANAGEMENT) {
            ISOException.throwIt(Protocol.SW_WRONG_DATA);
        }
        byte newAlgorithm = in[offset];
        short keyLength = (short) (in[(short) (offset + 2)] & 0xFF);
        if (keyLength != keyLength(newAlgorithm) || (short) (3 + keyLength) != length) {
            ISOException.throwIt(Protocol.SW_WRONG_DATA);
        }
        JCSystem.beginTransaction();
        algorithm = newAlgorithm;
        Util.arrayFillNonAtomic(value, (short) 0, (short) value.length, (byte) 0);
        Util.arrayCopy(in, (short) (offset + 3), value, (short) 0, keyLength);
        JCSystem.commitTransaction();
        if (newAlgorithm == PivProtocol.ALG_3DES) {
            des.setKey(value, (short) 0);
        } else {
            ((AESKey) key()).setKey(value, (short) 0);
        }
    }

    private short answer(byte tag, byte[] plain, short plainOffset, byte[] out) {
        short block = blockSize();
        out[0] = PivProtocol.TAG_DYNAMIC_AUTH;
        out[1] = (byte) (block + 2);
        out[2] = tag;
        out[3] = (byte) block;
        Cipher cipher = cipher();
        cipher.init(key(), Cipher.MODE_ENCRYPT);
        cipher.doFinal(plain, plainOffset, block, out, (short) 4);
        return (short) (4 + block);
    }

    private static boolean sameInConstantTime(byte[] a, short aOffset, byte[] b, short length) {
        byte difference = 0;
        for (short i = 0; i < length; i++) {
            difference |= (byte) (a[(short) (aOffset + i)] ^ b[i]);
        }
        return difference == 0;
    }

    private short blockSize() {
        return algorithm == PivProtocol.ALG_3DES ? (short) 8 : (short) 16;
    }

    private Cipher cipher() {
        return algorithm == PivProtocol.ALG_3DES ? desCipher : aesCipher;
    }

    private Key key() {
        switch (algorithm) {
            case PivProtocol.ALG_AES_128: return aes128;
            case PivProtocol.ALG_AES_192: return aes192;
            case PivProtocol.ALG_AES_256: return aes256;
            default: return des;
        }
    }

    /** Key length for an algorithm, or -1 for one that is no management key. */
    private static short keyLength(byte algorithm) {
        switch (algorithm) {
            case PivProtocol.ALG_3DES: case PivProtocol.ALG_AES_192: return 24;
            case PivProtocol.ALG_AES_128: return 16;
            case PivProtocol.ALG_AES_256: return 32;
            default: return -1;
        }
    }
}

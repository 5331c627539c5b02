package keybound.applet;

import javacard.framework.JCSystem;
import javacard.framework.Util;
import javacard.security.ECPrivateKey;
import javacard.security.ECPublicKey;
import javacard.security.KeyAgreement;
import javacard.security.KeyPair;
import javacard.security.RandomData;

/**
 * Makes P-256 key pairs from the card's secure random generator: a random scalar s in [1, n-1],
 * and W = s*G computed with ECDH (PLAIN_XY). We do not use KeyPair.genKeyPair because jcardsim
 * 3.0.6 feeds it an unseeded, fixed random generator: every key pair object produces the same
 * sequence, so two slots, two cards, and a user key and the attestation key would be identical.
 */
@SuppressWarnings("deprecation") // ALG_SECURE_RANDOM and generateData: the Java Card 3.0.4 API jcardsim seeds
final class EcKeyMaker {
    private final RandomData random = RandomData.getInstance(RandomData.ALG_SECURE_RANDOM);
    private final KeyAgreement multiply = KeyAgreement.getInstance(KeyAgreement.ALG_EC_SVDP_DH_PLAIN_XY, false);
    private final byte[] generator = new byte[P256.POINT_LENGTH];
    private final byte[] scratch;

    EcKeyMaker() {
        generator[0] = 0x04;
        Util.arrayCopyNonAtomic(P256.GX, (short) 0, generator, (short) 1, (short) 32);
        Util.arrayCopyNonAtomic(P256.GY, (short) 0, generator, (short) 33, (short) 32);
        scratch = JCSystem.makeTransientByteArray(P256.POINT_LENGTH, JCSystem.CLEAR_ON_DESELECT);
    }

    void generate(KeyPair pair) {
        do {
            random.generateData(scratch, (short) 0, (short) 32);
        } while (!validScalar());
        ECPrivateKey privateKey = (ECPrivateKey) pair.getPrivate();
        privateKey.setS(scratch, (short) 0, (short) 32);
        multiply.init(privateKey);
        short length = multiply.generateSecret(generator, (short) 0, P256.POINT_LENGTH, scratch, (short) 0);
        ((ECPublicKey) pair.getPublic()).setW(scratch, (short) 0, length);
        Util.arrayFillNonAtomic(scratch, (short) 0, (short) scratch.length, (byte) 0);
    }

    /** 0 < s < n, comparing big-endian bytes. */
    private boolean validScalar() {
        boolean zero = true;
        for (short i = 0; i < 32; i++) {
            if (scratch[i] != 0) {
                zero = false;
                break;
            }
        }
        return !zero && lessThanOrder();
    }

    /** s < n as unsigned big-endian numbers. */
    private boolean lessThanOrder() {
        for (short i = 0; i < 32; i++) {
            short a = (short) (scratch[i] & 0xFF);
            short b = (short) (P256.N[i] & 0xFF);
            if (a != b) {
                return a < b;
            }
        }
        return false;
    }
}

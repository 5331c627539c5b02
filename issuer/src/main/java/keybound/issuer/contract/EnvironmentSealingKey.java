package keybound.issuer.contract;

import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The sealing key of installations from before the token held one: an AES key the process read
 * from the environment ({@code KEYBOUND_CARD_SEALING_KEY}). Kept to open what it sealed until
 * everything is sealed again under the token's key, and as the only key of a development CA.
 */
public final class EnvironmentSealingKey implements SealingKey {

    /** The label recorded for values this key seals; values with no label were sealed by it too. */
    public static final String LABEL = "env";
    private static final int TAG_BITS = 128;

    private final SecretKey key;

    public EnvironmentSealingKey(SecretKey key) {
        this.key = Objects.requireNonNull(key, "sealing key");
        if (!"AES".equalsIgnoreCase(key.getAlgorithm())) {
            throw new IllegalArgumentException("the sealing key must be an AES key");
        }
    }

    @Override
    public String label() {
        return LABEL;
    }

    @Override
    public byte[] seal(byte[] iv, byte[] associatedData, byte[] plain) {
        try {
            return cipher(Cipher.ENCRYPT_MODE, iv, associatedData).doFinal(plain);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal", e);
        }
    }

    @Override
    public byte[] open(byte[] iv, byte[] associatedData, byte[] sealed) {
        try {
            return cipher(Cipher.DECRYPT_MODE, iv, associatedData).doFinal(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the sealed value does not open with the environment's key for this contract", e);
        }
    }

    private Cipher cipher(int mode, byte[] iv, byte[] associatedData) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(associatedData);
        return cipher;
    }

    @Override
    public String toString() {
        return "EnvironmentSealingKey[****]";
    }
}

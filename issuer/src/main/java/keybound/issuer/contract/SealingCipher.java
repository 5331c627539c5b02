package keybound.issuer.contract;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-GCM under the bank's sealing key (kept outside the database), for the few secrets the
 * bank must read back in clear: the customer card and TOTP seeds. The associated data binds a
 * sealed value to its contract and kind, so it cannot be moved to another row or column.
 */
public final class SealingCipher {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public SealingCipher(SecretKey key) {
        this.key = Objects.requireNonNull(key, "sealing key");
        if (!"AES".equalsIgnoreCase(key.getAlgorithm())) {
            throw new IllegalArgumentException("the sealing key must be an AES key");
        }
    }

    /** {@code base64(iv || ciphertext || tag)}; {@code plain} is left to the caller to wipe. */
    public String seal(byte[] plain, byte[] associatedData) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(plain);
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal", e);
        }
    }

    /**
     * The plain bytes (the caller wipes them).
     *
     * @throws IllegalArgumentException the seal does not open (wrong key, other associated data, tampered)
     */
    public byte[] open(String sealed, byte[] associatedData) {
        byte[] all = Base64.getDecoder().decode(sealed);
        if (all.length < IV_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("the sealed value is truncated");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the sealed value does not open with this key for this contract", e);
        } finally {
            Arrays.fill(all, (byte) 0);
        }
    }
}

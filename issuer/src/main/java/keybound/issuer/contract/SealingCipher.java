package keybound.issuer.contract;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;
import keybound.credentials.VerifierUnavailableException;

/**
 * AES-GCM under the bank's sealing keys ({@link SealingKeys}), for the few secrets the bank must
 * read back in clear: the customer card and TOTP seeds. The associated data binds a sealed value
 * to its contract and kind, so it cannot be moved to another row or column.
 *
 * <p>A sealed value records the key that sealed it: {@code $aes-gcm$k=<label>$base64(iv || ciphertext || tag)}.
 * Values from before labels ({@code base64(...)} alone) were sealed with the environment's key.
 */
public final class SealingCipher {

    private static final String PREFIX = "$aes-gcm$k=";
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int IV_BYTES = 12;
    private static final int TAG_BYTES = 16;

    private final SealingKeys keys;
    private final SecureRandom random = new SecureRandom();

    public SealingCipher(SealingKeys keys) {
        this.keys = Objects.requireNonNull(keys, "sealing keys");
        if (!LABEL.matcher(keys.current().label()).matches()) {
            throw new IllegalArgumentException("a sealing key label has 1 to 64 letters, digits, '.', '_' or '-'");
        }
    }

    /** The value sealed under the current key, with its label; {@code plain} is left to the caller to wipe. */
    public String seal(byte[] plain, byte[] associatedData) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        SealingKey key = keys.current();
        byte[] sealed = key.seal(iv, associatedData, plain);
        return PREFIX + key.label() + "$"
                + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
    }

    /**
     * The plain bytes (the caller wipes them), opened with the key the value names.
     *
     * @throws IllegalArgumentException the seal does not open (wrong key, other associated data, tampered)
     * @throws VerifierUnavailableException the value names a key this bank is not given, or the key cannot be used now
     */
    public byte[] open(String sealed, byte[] associatedData) {
        String label = version(sealed);
        SealingKey key = keys.find(label).orElseThrow(() -> new VerifierUnavailableException(
                EnvironmentSealingKey.LABEL.equals(label)
                        ? "this value was sealed with the environment's sealing key (KEYBOUND_CARD_SEALING_KEY), which is not"
                                + " given: set it until keybound bank reseal has sealed everything under the token's key"
                        : "this value was sealed with the key " + label + ", which this bank does not have"));
        byte[] all = decode(sealed);
        try {
            if (all.length < IV_BYTES + TAG_BYTES) {
                throw new IllegalArgumentException("the sealed value is truncated");
            }
            return key.open(Arrays.copyOf(all, IV_BYTES), associatedData, Arrays.copyOfRange(all, IV_BYTES, all.length));
        } finally {
            Arrays.fill(all, (byte) 0);
        }
    }

    /** Whether {@code sealed} is under another key than the current one, and should be sealed again. */
    public boolean needsReseal(String sealed) {
        return !version(sealed).equals(keys.current().label()) || !sealed.startsWith(PREFIX);
    }

    /** The label of the key that sealed {@code sealed} ({@value EnvironmentSealingKey#LABEL} for unlabelled values). */
    public static String version(String sealed) {
        if (!sealed.startsWith(PREFIX)) {
            return EnvironmentSealingKey.LABEL;
        }
        int end = sealed.indexOf('$', PREFIX.length());
        String label = end < 0 ? "" : sealed.substring(PREFIX.length(), end);
        if (!LABEL.matcher(label).matches()) {
            throw new IllegalArgumentException("the sealed value names no valid key label");
        }
        return label;
    }

    private static byte[] decode(String sealed) {
        String payload = sealed.startsWith(PREFIX) ? sealed.substring(sealed.indexOf('$', PREFIX.length()) + 1) : sealed;
        try {
            return Base64.getDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the sealed value is not base64", e);
        }
    }
}

package keybound.issuer.contract;

/**
 * A key that seals what the bank must read back in clear (customer cards, TOTP seeds) with
 * AES-256-GCM: an AES key on the bank's token, or the older key from the environment.
 */
public interface SealingKey {

    /** The name recorded beside every value this key seals. */
    String label();

    /** Ciphertext followed by the 16-byte tag; {@code iv} has 12 bytes and is never reused. */
    byte[] seal(byte[] iv, byte[] associatedData, byte[] plain);

    /**
     * The plain bytes (the caller wipes them).
     *
     * @throws IllegalArgumentException the value does not open (another key or associated data, or tampered)
     */
    byte[] open(byte[] iv, byte[] associatedData, byte[] sealed);
}

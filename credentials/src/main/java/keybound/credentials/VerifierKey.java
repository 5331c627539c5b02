package keybound.credentials;

/**
 * A keyed MAC (HMAC-SHA256) whose key stays inside the bank's token. {@link #label()} names the
 * key and its version; it is written into every verifier made with it.
 */
public interface VerifierKey {

    /** Letters, digits, '.', '_' and '-', 1 to 64 of them. */
    String label();

    /**
     * HMAC-SHA256 of {@code data}, 32 bytes.
     *
     * @throws VerifierUnavailableException the key cannot be used now
     */
    byte[] mac(byte[] data);
}

package keybound.token;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * An authenticated lease on a {@link Token}. Close it when done; closing a lease never logs out
 * another thread's lease. A lease may be used from one thread at a time; open one per thread to
 * sign concurrently.
 */
public interface TokenSession extends AutoCloseable {

    /** The token this lease belongs to. */
    TokenInfo token();

    /**
     * Generates a key pair on the token. The private key is created sensitive, private,
     * persistent and non-extractable; the public key, the private key and any certificate
     * stored later share one id.
     *
     * @throws TokenFullException no room for another key
     * @throws MechanismUnsupportedException the token cannot generate this kind of key
     */
    KeyRef generateKeyPair(KeyAlgorithm algorithm, String label);

    /**
     * Signs {@code data} (the whole message, not a digest) with the token key. EC signatures
     * come back DER-encoded as JCA's SHA256withECDSA produces them.
     *
     * @throws KeyNotFoundException the key is not (or no longer) on the token
     * @throws MechanismUnsupportedException neither the combined nor the raw mechanism exists
     */
    byte[] sign(KeyRef key, SignatureAlgorithm algorithm, byte[] data);

    /** The public key of a key pair on the token. */
    PublicKey publicKey(KeyRef key);

    /** Stores a certificate on the token under the key's id (replacing any earlier one). */
    void storeCertificate(KeyRef key, X509Certificate certificate);

    /** Every key pair on the token, with its certificate where one is stored. */
    List<Credential> credentials();

    /** Finds a credential by label, by id or by certificate subject. */
    Optional<Credential> find(CredentialQuery query);

    /** Deletes the key pair and its certificate. */
    void delete(KeyRef key);

    /**
     * An attestation statement over a key generated on this token, binding the host's nonce.
     * Empty for tokens that cannot attest (PKCS#11 tokens in general).
     */
    default Optional<AttestationStatement> attest(KeyRef key, byte[] nonce) {
        return Optional.empty();
    }

    /**
     * Generates a persistent HMAC-SHA256 key (256 bits) on the token: sensitive, non-extractable,
     * usable only to compute and verify MACs. Tokens that cannot hold secret keys refuse it.
     *
     * @throws MechanismUnsupportedException the token has no generic secret keys or no HMAC-SHA256
     * @throws IllegalArgumentException a MAC key with this label is already on the token
     */
    default MacKeyRef generateMacKey(String label) {
        throw new MechanismUnsupportedException("Token " + token().label() + " holds no MAC keys");
    }

    /** The MAC key labelled {@code label}, if the token has one. */
    default Optional<MacKeyRef> findMacKey(String label) {
        return Optional.empty();
    }

    /**
     * HMAC-SHA256 of {@code data} under the token key: 32 bytes, equal to what any HMAC-SHA256
     * with the same key computes.
     *
     * @throws KeyNotFoundException the key is not (or no longer) on the token
     * @throws MechanismUnsupportedException the token cannot compute HMAC-SHA256
     */
    default byte[] mac(MacKeyRef key, byte[] data) {
        throw new MechanismUnsupportedException("Token " + token().label() + " cannot compute HMAC-SHA256");
    }

    /**
     * Generates a persistent AES-256 key on the token for AES-GCM: sensitive, non-extractable,
     * usable only to encrypt and decrypt. Tokens that cannot hold secret keys refuse it.
     *
     * @throws MechanismUnsupportedException the token has no AES keys or no AES-GCM
     * @throws IllegalArgumentException a sealing key with this label is already on the token
     */
    default SealingKeyRef generateSealingKey(String label) {
        throw new MechanismUnsupportedException("Token " + token().label() + " holds no sealing keys");
    }

    /** The sealing key labelled {@code label}, if the token has one. */
    default Optional<SealingKeyRef> findSealingKey(String label) {
        return Optional.empty();
    }

    /**
     * AES-GCM encryption on the token: {@code plain} encrypted under the key with the 12-byte
     * {@code iv} (never reuse one with the same key), bound to {@code associatedData}. Returns the
     * ciphertext followed by the 16-byte tag.
     *
     * @throws KeyNotFoundException the key is not (or no longer) on the token
     * @throws MechanismUnsupportedException the token cannot compute AES-GCM
     */
    default byte[] seal(SealingKeyRef key, byte[] iv, byte[] associatedData, byte[] plain) {
        throw new MechanismUnsupportedException("Token " + token().label() + " cannot compute AES-GCM");
    }

    /**
     * The plain bytes of what {@link #seal} returned, checked against its tag (the caller wipes them).
     *
     * @throws IllegalArgumentException the value does not open: another key, IV or associated data, or tampered
     * @throws KeyNotFoundException the key is not (or no longer) on the token
     * @throws MechanismUnsupportedException the token cannot compute AES-GCM
     */
    default byte[] open(SealingKeyRef key, byte[] iv, byte[] associatedData, byte[] sealed) {
        throw new MechanismUnsupportedException("Token " + token().label() + " cannot compute AES-GCM");
    }

    /** Ends the lease. Idempotent. */
    @Override
    void close();
}

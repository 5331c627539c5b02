package keybound.bankapi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * The nonce a card binds into its attestation statement for an enrollment:
 * SHA-256("keybound-attest-v1|" A "|" ニ or "" "|" DER SubjectPublicKeyInfo of the new key).
 * The client computes it before asking the card to attest and the issuer recomputes it, so a
 * statement made for one contract, user or key cannot be replayed for another. Stateless on
 * purpose: the HTTPS layer may add a server challenge later without changing the card.
 */
public final class EnrollmentNonce {

    private EnrollmentNonce() {
    }

    public static byte[] forEnrollment(String contractId, String userIdOrEmpty, SubjectPublicKeyInfo key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(("keybound-attest-v1|" + contractId + "|" + userIdOrEmpty + "|").getBytes(StandardCharsets.US_ASCII));
            sha.update(key.getEncoded("DER"));
            return sha.digest();
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException("SHA-256 or the key's DER is not available", e);
        }
    }
}

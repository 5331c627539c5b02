package keybound.issuer.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import keybound.issuer.contract.ContractId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * The nonce a card must bind into its attestation statement for an enrollment:
 * SHA-256("keybound-attest-v1" | A | ニ or "" | DER SubjectPublicKeyInfo of the new key).
 * The client computes it the same way before asking the card to attest, so a statement made for
 * one contract, user or key cannot be replayed for another. Stateless on purpose: the HTTPS
 * layer may add a server challenge later without changing the card.
 */
public final class AttestationNonce {

    private AttestationNonce() {
    }

    public static byte[] forEnrollment(ContractId contract, String userIdOrEmpty, SubjectPublicKeyInfo key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(("keybound-attest-v1|" + contract.value() + "|" + userIdOrEmpty + "|").getBytes(StandardCharsets.US_ASCII));
            sha.update(key.getEncoded("DER"));
            return sha.digest();
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package keybound.issuer.enrollment;

import java.security.cert.X509Certificate;
import java.util.Optional;
import keybound.bankapi.RenewalProof;
import keybound.token.AttestationStatement;
import keybound.token.Secret;

/**
 * A holder re-keys: the current certificate, a CSR for the new key, the current key's signature
 * over {@link #proofMessage(byte[])} (proof that the old key is still held), and the holder's two
 * acquisition secrets (administrator: イ then ロ; user: ト then チ).
 */
public record Renewal(RenewalKind kind, X509Certificate current, byte[] newCsr, byte[] oldKeySignature,
                      Secret firstSecret, Secret secondSecret, TokenReport token,
                      Optional<AttestationStatement> attestation, Optional<RequestId> requestId) {

    /** A request without an id: a retry is a new request. */
    public Renewal(RenewalKind kind, X509Certificate current, byte[] newCsr, byte[] oldKeySignature, Secret firstSecret,
                   Secret secondSecret, TokenReport token, Optional<AttestationStatement> attestation) {
        this(kind, current, newCsr, oldKeySignature, firstSecret, secondSecret, token, attestation, Optional.empty());
    }

    /** What the current key signs: {@link RenewalProof}, the format the client signs. */
    public static byte[] proofMessage(byte[] newCsr) {
        return RenewalProof.message(newCsr);
    }
}

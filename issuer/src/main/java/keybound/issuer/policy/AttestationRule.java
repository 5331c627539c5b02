package keybound.issuer.policy;

import java.util.Optional;
import keybound.issuer.refusal.AttestationRefusedException;
import keybound.issuer.refusal.AttestationRefusedException.Reason;
import keybound.token.AttestationStatement;
import keybound.token.attest.AttestationException;
import keybound.token.attest.AttestationVerifier;
import keybound.token.attest.AttestedKey;

/**
 * Applies a bank's {@link AttestationPolicy}: a statement that is sent must verify against the
 * manufacturer trust anchors (via the {@link AttestationVerifier}), bind the expected nonce and
 * attest the very key of the CSR.
 */
public final class AttestationRule {

    private final AttestationVerifier verifier;

    public AttestationRule(AttestationVerifier verifier) {
        this.verifier = verifier;
    }

    public AttestationResult apply(AttestationPolicy policy, Optional<AttestationStatement> statement,
                                   CheckedCsr csr, byte[] nonce) {
        if (policy == AttestationPolicy.NONE) {
            return AttestationResult.ignored();
        }
        if (statement.isEmpty()) {
            if (policy == AttestationPolicy.REQUIRED) {
                throw new AttestationRefusedException(Reason.MISSING, "the bank requires a key attestation and none was sent");
            }
            return AttestationResult.absent();
        }
        AttestedKey attested;
        try {
            attested = verifier.verify(statement.get(), nonce);
        } catch (AttestationException e) {
            throw new AttestationRefusedException(Reason.FORGED, "the attestation statement does not verify: " + e.getMessage(), e);
        }
        if (!java.util.Arrays.equals(attested.publicKey().getEncoded(), csr.publicKey().getEncoded())) {
            throw new AttestationRefusedException(Reason.OTHER_KEY, "the attestation statement is for another key than the CSR's");
        }
        return AttestationResult.verified(attested.cardSerial());
    }
}

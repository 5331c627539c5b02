package keybound.issuer.policy;

import java.util.Optional;

/**
 * What the attestation rule concluded, recorded on the certificate row: VERIFIED (with the card
 * serial the statement names), ABSENT (no statement, accepted by policy) or IGNORED (policy NONE).
 */
public record AttestationResult(Outcome outcome, Optional<String> cardSerial) {

    public enum Outcome {
        VERIFIED, ABSENT, IGNORED
    }

    public static AttestationResult verified(String cardSerial) {
        return new AttestationResult(Outcome.VERIFIED, Optional.of(cardSerial));
    }

    public static AttestationResult absent() {
        return new AttestationResult(Outcome.ABSENT, Optional.empty());
    }

    public static AttestationResult ignored() {
        return new AttestationResult(Outcome.IGNORED, Optional.empty());
    }
}

package keybound.issuer.refusal;

import keybound.bankapi.ProblemCode;

/** The bank's attestation policy refused the request; {@link #reason()} says how. */
public final class AttestationRefusedException extends IssuerException {

    public enum Reason {
        /** The policy requires attestation and none came with the request. */
        MISSING,
        /** The statement is malformed, badly signed, untrusted or for another nonce. */
        FORGED,
        /** The statement is genuine but attests another key than the CSR's. */
        OTHER_KEY
    }

    private final Reason reason;

    public AttestationRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public AttestationRefusedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public ProblemCode problem() {
        return switch (reason) {
            case MISSING -> ProblemCode.ATTESTATION_REQUIRED;
            case FORGED, OTHER_KEY -> ProblemCode.ATTESTATION_INVALID;
        };
    }
}

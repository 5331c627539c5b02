package keybound.issuer.refusal;

import keybound.bankapi.ProblemCode;

/** The certificate cannot be renewed now (renewal opens a configured time before expiry, and only for a current certificate). */
public final class RenewalNotOpenException extends IssuerException {
    public RenewalNotOpenException(String message) {
        super(message);
    }

    @Override
    public ProblemCode problem() {
        return ProblemCode.RENEWAL_NOT_OPEN;
    }
}

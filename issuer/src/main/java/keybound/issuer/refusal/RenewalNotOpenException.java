package keybound.issuer.refusal;

import java.util.Optional;
import keybound.bankapi.ProblemCode;

/** The certificate cannot be renewed now (renewal opens a configured time before expiry, and only for a current certificate). */
public final class RenewalNotOpenException extends IssuerException {
    public RenewalNotOpenException(String message) {
        super(message);
    }

    /**
     * The client may read why: the date renewal opens, or that the certificate is not current,
     * follow from the certificate it presents and the bank's published renewal lead.
     */
    @Override
    public Optional<String> clientDetail() {
        return Optional.of(getMessage());
    }

    @Override
    public ProblemCode problem() {
        return ProblemCode.RENEWAL_NOT_OPEN;
    }
}

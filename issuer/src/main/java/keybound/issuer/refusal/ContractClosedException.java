package keybound.issuer.refusal;

import keybound.bankapi.ProblemCode;

/** The contract is closed. */
public final class ContractClosedException extends IssuerException {
    public ContractClosedException(String message) {
        super(message);
    }

    @Override
    public ProblemCode problem() {
        return ProblemCode.CONTRACT_CLOSED;
    }
}

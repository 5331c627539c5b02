package keybound.issuer.refusal;

import keybound.bankapi.ProblemCode;

/** No contract has this contract ID (A). */
public final class UnknownContractException extends IssuerException {
    public UnknownContractException(String message) {
        super(message);
    }

    @Override
    public ProblemCode problem() {
        return ProblemCode.CONTRACT_UNKNOWN;
    }
}

package keybound.issuer.refusal;

import keybound.bankapi.ProblemCode;

/** The user holds no open certificate authorisation (none issued, expired, or already used). */
public final class NoAuthorisationException extends IssuerException {
    public NoAuthorisationException(String message) {
        super(message);
    }

    @Override
    public ProblemCode problem() {
        return ProblemCode.NO_AUTHORISATION;
    }
}

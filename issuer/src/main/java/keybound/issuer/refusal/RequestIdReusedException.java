package keybound.issuer.refusal;

import keybound.bankapi.ProblemCode;

/**
 * A request id already answered is sent again for another key or holder, or its certificate has
 * been revoked since: it is not a retry of that request, and nothing is issued for it.
 */
public final class RequestIdReusedException extends IssuerException {
    public RequestIdReusedException(String message) {
        super(message);
    }

    @Override
    public ProblemCode problem() {
        return ProblemCode.REQUEST_ID_REUSED;
    }

}

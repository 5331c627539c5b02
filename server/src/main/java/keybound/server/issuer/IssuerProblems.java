package keybound.server.issuer;

import keybound.issuer.refusal.IssuerException;
import keybound.server.api.ApiProblem;
import keybound.bankapi.ProblemCode;

/**
 * The answer to an issuer refusal: the code the refusal declares, with only the detail it allows
 * a client to read (otherwise the code's fixed title). Where the caller proves itself with
 * secrets (acquisition, renewal), an unknown contract or user is answered as a wrong secret, so
 * the answer never tells whether an ID exists.
 */
final class IssuerProblems {

    private IssuerProblems() {
    }

    /** For callers who authenticate with secrets in the request: unknown IDs look like wrong secrets. */
    static ApiProblem forSecretHolder(IssuerException e) {
        ProblemCode code = e.problem();
        if (code == ProblemCode.CONTRACT_UNKNOWN || code == ProblemCode.USER_UNKNOWN) {
            return new ApiProblem(ProblemCode.CREDENTIALS_REJECTED);
        }
        return of(e);
    }

    /**
     * For anonymous acquisition, where A, ニ and the secrets all come from the caller: an unknown,
     * locked, closed or suspended account and a wrong secret are all {@code credentials-rejected},
     * so probing IDs tells nothing. (The issuer refuses a locked, closed or suspended account before
     * hashing anything, so those answers cannot wait until the secrets are proven right.)
     */
    static ApiProblem forAcquisition(IssuerException e) {
        ProblemCode code = e.problem();
        if (code == ProblemCode.ACCOUNT_LOCKED || code == ProblemCode.CONTRACT_CLOSED || code == ProblemCode.USER_SUSPENDED) {
            return new ApiProblem(ProblemCode.CREDENTIALS_REJECTED);
        }
        return forSecretHolder(e);
    }

    static ApiProblem of(IssuerException e) {
        return new ApiProblem(e.problem(), e.clientDetail().orElse(e.problem().title()));
    }
}

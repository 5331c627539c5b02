package keybound.server.issuer;

import keybound.issuer.AccountLockedException;
import keybound.issuer.AcquisitionWindowClosedException;
import keybound.issuer.AttestationRefusedException;
import keybound.issuer.BadCsrSignatureException;
import keybound.issuer.ContractClosedException;
import keybound.issuer.CsrTooLargeException;
import keybound.issuer.InvalidRequestException;
import keybound.issuer.IssuerException;
import keybound.issuer.MalformedCsrException;
import keybound.issuer.NoAuthorisationException;
import keybound.issuer.NotAuthorisedException;
import keybound.issuer.RenewalNotOpenException;
import keybound.issuer.UnknownCertificateException;
import keybound.issuer.UnknownContractException;
import keybound.issuer.UnknownUserException;
import keybound.issuer.UserLimitException;
import keybound.issuer.WeakKeyException;
import keybound.issuer.WrongSecretException;
import keybound.server.api.ApiProblem;
import keybound.server.api.ProblemCode;

/**
 * The problem code each issuer refusal is answered with. An unknown contract or user and a wrong
 * secret are the same {@code credentials-rejected} where the caller proves itself with secrets
 * (acquisition, renewal), so the answer never tells whether an ID exists. Only an
 * {@link InvalidRequestException}'s message (about the request's own fields, never a secret) is
 * passed on; every other detail is the code's fixed title.
 */
public final class IssuerProblems {

    private IssuerProblems() {
    }

    /** For callers who authenticate with secrets in the request: unknown IDs look like wrong secrets. */
    static ApiProblem forSecretHolder(IssuerException e) {
        if (e instanceof UnknownContractException || e instanceof UnknownUserException) {
            return new ApiProblem(ProblemCode.CREDENTIALS_REJECTED);
        }
        return of(e);
    }

    public static ApiProblem of(IssuerException e) {
        if (e instanceof InvalidRequestException) {
            return new ApiProblem(ProblemCode.INVALID_REQUEST, e.getMessage());
        }
        if (e instanceof AttestationRefusedException refused) {
            return new ApiProblem(refused.reason() == AttestationRefusedException.Reason.MISSING
                    ? ProblemCode.ATTESTATION_REQUIRED : ProblemCode.ATTESTATION_INVALID);
        }
        return new ApiProblem(code(e));
    }

    private static ProblemCode code(IssuerException e) {
        if (e instanceof WrongSecretException) {
            return ProblemCode.CREDENTIALS_REJECTED;
        } else if (e instanceof AccountLockedException) {
            return ProblemCode.ACCOUNT_LOCKED;
        } else if (e instanceof AcquisitionWindowClosedException) {
            return ProblemCode.ACQUISITION_WINDOW_CLOSED;
        } else if (e instanceof NoAuthorisationException) {
            return ProblemCode.NO_AUTHORISATION;
        } else if (e instanceof keybound.issuer.UserSuspendedException) {
            return ProblemCode.USER_SUSPENDED;
        } else if (e instanceof ContractClosedException) {
            return ProblemCode.CONTRACT_CLOSED;
        } else if (e instanceof CsrTooLargeException) {
            return ProblemCode.CSR_TOO_LARGE;
        } else if (e instanceof MalformedCsrException) {
            return ProblemCode.CSR_MALFORMED;
        } else if (e instanceof BadCsrSignatureException) {
            return ProblemCode.CSR_SIGNATURE_INVALID;
        } else if (e instanceof WeakKeyException) {
            return ProblemCode.KEY_TOO_WEAK;
        } else if (e instanceof UserLimitException) {
            return ProblemCode.USER_LIMIT_REACHED;
        } else if (e instanceof UnknownUserException) {
            return ProblemCode.USER_UNKNOWN;
        } else if (e instanceof UnknownContractException) {
            return ProblemCode.CONTRACT_UNKNOWN;
        } else if (e instanceof RenewalNotOpenException) {
            return ProblemCode.RENEWAL_NOT_OPEN;
        } else if (e instanceof UnknownCertificateException) {
            return ProblemCode.CERTIFICATE_UNKNOWN;
        } else if (e instanceof NotAuthorisedException) {
            return ProblemCode.NOT_PERMITTED;
        }
        return ProblemCode.INVALID_REQUEST;
    }
}

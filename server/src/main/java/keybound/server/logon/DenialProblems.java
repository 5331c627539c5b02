package keybound.server.logon;

import keybound.logon.DenialReason;
import keybound.server.api.ProblemCode;

/**
 * The problem code a logon denial is answered with. Wrong secrets, PINs and one-time passwords
 * all share {@code credentials-rejected}, so no answer tells which factor failed, and so do the
 * refusals that would tell whether a contract exists or already has a certificate. The rest
 * (a revoked certificate, a locked account, a stale nonce) is told: knowing it helps the holder
 * and gives an attacker nothing the holder's certificate would not already show.
 */
public final class DenialProblems {

    private DenialProblems() {
    }

    public static ProblemCode of(DenialReason reason) {
        switch (reason) {
            case NO_CLIENT_CERTIFICATE:
                return ProblemCode.CERTIFICATE_REQUIRED;
            case UNKNOWN_CERTIFICATE:
                return ProblemCode.CERTIFICATE_UNKNOWN;
            case CERTIFICATE_REVOKED:
                return ProblemCode.CERTIFICATE_REVOKED;
            case CERTIFICATE_SUPERSEDED:
                return ProblemCode.CERTIFICATE_SUPERSEDED;
            case CERTIFICATE_EXPIRED:
                return ProblemCode.CERTIFICATE_EXPIRED;
            case CERTIFICATE_NOT_YET_VALID:
                return ProblemCode.CERTIFICATE_NOT_YET_VALID;
            case CERTIFICATE_MISMATCH:
                return ProblemCode.CERTIFICATE_MISMATCH;
            case CHALLENGE_UNKNOWN_OR_USED:
                return ProblemCode.CHALLENGE_INVALID;
            case CHALLENGE_EXPIRED:
                return ProblemCode.CHALLENGE_EXPIRED;
            case BAD_SIGNATURE:
                return ProblemCode.SIGNATURE_INVALID;
            case ACCOUNT_LOCKED:
                return ProblemCode.ACCOUNT_LOCKED;
            case ACCOUNT_SUSPENDED:
                return ProblemCode.USER_SUSPENDED;
            case ATTEMPT_UNKNOWN_OR_USED:
                return ProblemCode.ATTEMPT_INVALID;
            case ATTEMPT_EXPIRED:
                return ProblemCode.ATTEMPT_EXPIRED;
            case WRONG_SECRET:
            case WRONG_ONE_TIME_PASSWORD:
            case ONE_TIME_PASSWORD_REPLAYED:
            case WRONG_KIND_OF_ANSWER:
            case PASSWORD_METHOD_CLOSED:
            default:
                return ProblemCode.CREDENTIALS_REJECTED;
        }
    }
}

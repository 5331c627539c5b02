package keybound.logon;

import keybound.bankapi.ProblemCode;

/**
 * Why a logon was denied, and the problem code the client is answered with. Wrong secrets, PINs
 * and one-time passwords all share {@code credentials-rejected}, so no answer tells which factor
 * failed, and so do the refusals that would tell whether a contract exists or already has a
 * certificate. The rest (a revoked certificate, a locked account, a stale nonce) is told: knowing
 * it helps the holder and gives an attacker nothing the holder's certificate would not already show.
 */
public enum DenialReason {
    NO_CLIENT_CERTIFICATE(ProblemCode.CERTIFICATE_REQUIRED),
    UNKNOWN_CERTIFICATE(ProblemCode.CERTIFICATE_UNKNOWN),
    CERTIFICATE_REVOKED(ProblemCode.CERTIFICATE_REVOKED),
    CERTIFICATE_SUPERSEDED(ProblemCode.CERTIFICATE_SUPERSEDED),
    CERTIFICATE_EXPIRED(ProblemCode.CERTIFICATE_EXPIRED),
    CERTIFICATE_NOT_YET_VALID(ProblemCode.CERTIFICATE_NOT_YET_VALID),
    /** The connection presented one certificate and the challenge was signed for another. */
    CERTIFICATE_MISMATCH(ProblemCode.CERTIFICATE_MISMATCH),
    CHALLENGE_UNKNOWN_OR_USED(ProblemCode.CHALLENGE_INVALID),
    CHALLENGE_EXPIRED(ProblemCode.CHALLENGE_EXPIRED),
    BAD_SIGNATURE(ProblemCode.SIGNATURE_INVALID),
    ACCOUNT_LOCKED(ProblemCode.ACCOUNT_LOCKED),
    /** A one-request user logon with the administrator's certificate, which needs the two steps (card cells or TOTP). */
    NOT_A_USER_CERTIFICATE(ProblemCode.NOT_A_USER_CERTIFICATE),
    /** The holder is suspended by the contract's administrator. */
    ACCOUNT_SUSPENDED(ProblemCode.USER_SUSPENDED),
    WRONG_SECRET(ProblemCode.CREDENTIALS_REJECTED),
    WRONG_ONE_TIME_PASSWORD(ProblemCode.CREDENTIALS_REJECTED),
    ONE_TIME_PASSWORD_REPLAYED(ProblemCode.CREDENTIALS_REJECTED),
    /** The answer does not fit what was asked (a user PIN where イ + card digits were asked, TOTP not enrolled). */
    WRONG_KIND_OF_ANSWER(ProblemCode.CREDENTIALS_REJECTED),
    ATTEMPT_UNKNOWN_OR_USED(ProblemCode.ATTEMPT_INVALID),
    ATTEMPT_EXPIRED(ProblemCode.ATTEMPT_EXPIRED),
    /** ID/password logon after the contract's first administrator certificate was issued: told as a wrong secret, so it does not reveal the certificate. */
    PASSWORD_METHOD_CLOSED(ProblemCode.CREDENTIALS_REJECTED);

    private final ProblemCode problem;

    DenialReason(ProblemCode problem) {
        this.problem = problem;
    }

    /** What the client is told. */
    public ProblemCode problem() {
        return problem;
    }
}

package keybound.logon;

/**
 * Why a logon was denied. For the bank's log and for tests only: every denial looks the same to
 * the client, so that no answer tells an attacker which factor was wrong or whether an account
 * exists.
 */
public enum DenialReason {
    NO_CLIENT_CERTIFICATE,
    UNKNOWN_CERTIFICATE,
    CERTIFICATE_REVOKED,
    CERTIFICATE_SUPERSEDED,
    CERTIFICATE_EXPIRED,
    CERTIFICATE_NOT_YET_VALID,
    /** The connection presented one certificate and the challenge was signed for another. */
    CERTIFICATE_MISMATCH,
    CHALLENGE_UNKNOWN_OR_USED,
    CHALLENGE_EXPIRED,
    BAD_SIGNATURE,
    ACCOUNT_LOCKED,
    /** The holder is suspended by the contract's administrator. */
    ACCOUNT_SUSPENDED,
    WRONG_SECRET,
    WRONG_ONE_TIME_PASSWORD,
    ONE_TIME_PASSWORD_REPLAYED,
    /** The answer does not fit what was asked (a user PIN where イ + card digits were asked, TOTP not enrolled). */
    WRONG_KIND_OF_ANSWER,
    ATTEMPT_UNKNOWN_OR_USED,
    ATTEMPT_EXPIRED,
    /** ID/password logon after the contract's first administrator certificate was issued. */
    PASSWORD_METHOD_CLOSED
}

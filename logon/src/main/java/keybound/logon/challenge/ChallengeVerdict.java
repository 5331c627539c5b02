package keybound.logon.challenge;

/** What became of a challenge answer. */
public enum ChallengeVerdict {
    /** The challenge was live and the signature verifies over this server's origin. */
    VERIFIED,
    /** No such challenge: never issued, or already consumed (a replay). */
    UNKNOWN_OR_USED,
    /** The challenge was issued but its expiry has passed; it is used up now as well. */
    EXPIRED,
    /** The signature does not verify: another key, or bytes over another origin or nonce. */
    BAD_SIGNATURE
}

package keybound.logon.otp;

/** What became of a TOTP code. */
public enum TotpVerdict {
    ACCEPTED,
    /** Matches no step in the window (or is not even shaped like a code). */
    WRONG,
    /** Matches a step already accepted, or older than one accepted. */
    REPLAYED
}

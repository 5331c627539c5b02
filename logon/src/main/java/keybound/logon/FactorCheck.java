package keybound.logon;

/**
 * The answer of a port that checks one logon factor (a secret, the customer card's digits) and
 * keeps the lockout count. Logon never learns how many tries are left; it only needs to know
 * whether to go on.
 */
public enum FactorCheck {

    /** The factor matched. */
    ACCEPTED,

    /** The factor did not match (or the account is unknown); the failure was counted. */
    REJECTED,

    /** The account is locked: nothing was checked. Also the answer to the failure that locks it. */
    LOCKED;

    public boolean accepted() {
        return this == ACCEPTED;
    }
}

package keybound.logon;

/**
 * The answer of a port that checks one logon factor (a secret, the customer card's digits) and
 * keeps the lockout count. Logon never learns how many tries are left; it only needs to know
 * whether to go on.
 */
public sealed interface FactorCheck {

    /** The factor matched. */
    record Accepted() implements FactorCheck {
    }

    /** The factor did not match (or the account is unknown); the failure was counted. */
    record Rejected() implements FactorCheck {
    }

    /** The account is locked: nothing was checked. Also the answer to the failure that locks it. */
    record Locked() implements FactorCheck {
    }

    FactorCheck ACCEPTED = new Accepted();
    FactorCheck REJECTED = new Rejected();
    FactorCheck LOCKED = new Locked();

    default boolean accepted() {
        return this instanceof Accepted;
    }
}

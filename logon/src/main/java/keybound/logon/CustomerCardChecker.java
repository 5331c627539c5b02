package keybound.logon;

import java.util.List;
import keybound.logon.otp.CardCell;
import keybound.logon.otp.CardGrid;

/**
 * Port: the administrator's printed customer card (お客様カード), a grid of random digits the
 * bank issued with the contract. Logon names a few cells; the administrator reads their digits
 * off the card. Implemented over the issuer by an adapter.
 */
public interface CustomerCardChecker {

    /** The shape of the contract's card, so logon can name cells that exist. */
    CardGrid grid(Account.Administrator administrator);

    /**
     * Checks {@code digits}, the named cells' digits concatenated in the order given. Same
     * lockout contract as {@link SecretChecker}: a locked contract answers {@code Locked} before
     * anything is compared, the comparison is constant-time, every mismatch is counted and a
     * match leaves the count as it is.
     * The caller owns and wipes {@code digits}.
     */
    FactorCheck check(Account.Administrator administrator, List<CardCell> cells, char[] digits);
}

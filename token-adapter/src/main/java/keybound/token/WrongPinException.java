package keybound.token;

import java.util.OptionalInt;

/** The token refused the PIN. Carries the tries left when the token tells. */
public final class WrongPinException extends TokenException {

    private final int triesLeft;

    /** @param triesLeft tries left, or -1 if the token does not say */
    public WrongPinException(String tokenName, int triesLeft) {
        super("Wrong PIN for token " + tokenName
                + (triesLeft >= 0 ? " (" + triesLeft + " tries left)" : ""));
        this.triesLeft = triesLeft;
    }

    public OptionalInt triesLeft() {
        return triesLeft >= 0 ? OptionalInt.of(triesLeft) : OptionalInt.empty();
    }
}

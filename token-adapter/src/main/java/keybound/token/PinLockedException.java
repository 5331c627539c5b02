package keybound.token;

/** The user PIN is blocked; it must be unblocked (SO PIN or PUK) before the token can be used. */
public final class PinLockedException extends TokenException {
    public PinLockedException(String tokenName) {
        super("The PIN of token " + tokenName + " is locked; unblock it with the security officer PIN or PUK");
    }

    /** Locked by this process, not by the token: {@code remedy} says how it ends. */
    public PinLockedException(String tokenName, String remedy) {
        super("The PIN of token " + tokenName + " is locked in this process; " + remedy);
    }
}

package keybound.token;

/**
 * One physical token: a PKCS#11 token found by label or serial, or a smart card running the
 * keybound applet. This is the seam: the issuer, the logon service and the station hold a
 * {@code Token} and never know which kind it is.
 *
 * <p>Implementations are thread-safe. Login state belongs to the token, not to one session:
 * {@link #open(Secret)} logs in once and later leases share that login until the last one closes.
 */
public interface Token extends AutoCloseable {

    /** What the token reports about itself now (label, serial, model, PIN state). */
    TokenInfo info();

    /**
     * Opens a session authenticated with the token's user PIN. The PIN is wiped by the caller
     * (use try-with-resources on {@link Secret}); implementations never keep the caller's object.
     * A PKCS#11 token holds a copy of the characters while leases are open, because the token
     * cannot check a second lease's PIN while logged in and recovery must log in again; the copy
     * is wiped when the last lease closes. Wrong PINs compared with that copy are counted in the
     * process (3 lock new leases until the last open one closes), since the token never sees them.
     *
     * @throws WrongPinException  the PIN was refused; carries the tries left where known
     * @throws PinLockedException the user PIN is blocked, on the token or in this process
     * @throws TokenNotPresentException the token is gone
     */
    TokenSession open(Secret pin);

    /** Changes the user PIN, proving the old one. */
    void changePin(Secret oldPin, Secret newPin);

    /**
     * Unblocks the user PIN and sets a new one. {@code unblockSecret} is the PKCS#11 security
     * officer PIN, or the card's PUK.
     */
    void unblockPin(Secret unblockSecret, Secret newPin);

    /** Releases native handles or the card connection. Open sessions become invalid. */
    @Override
    void close();
}

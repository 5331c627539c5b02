package keybound.token;

/**
 * The user PIN's state as the token reports it (PKCS#11 CKF_USER_PIN_COUNT_LOW, _FINAL_TRY,
 * _LOCKED; the card's retry counter).
 *
 * @param triesLeft tries left where the token tells the number, else -1
 */
public record PinState(boolean countLow, boolean finalTry, boolean locked, int triesLeft) {
    public static final PinState UNKNOWN_OK = new PinState(false, false, false, -1);
}

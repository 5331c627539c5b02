package keybound.applet;

import javacard.framework.ISOException;
import javacard.framework.OwnerPIN;

/**
 * The user PIN (6-8 digits, 3 tries) and the PUK (8 digits, 10 tries). OwnerPIN keeps its
 * verified flag in RAM, so a reset forgets it; the applet also forgets it on select and deselect.
 */
final class Pins {
    private final OwnerPIN pin = new OwnerPIN(Protocol.PIN_TRIES, Protocol.PIN_MAX);
    private final OwnerPIN puk = new OwnerPIN(Protocol.PUK_TRIES, Protocol.PUK_LENGTH);

    boolean verified() {
        return pin.isValidated();
    }

    void requireVerified() {
        if (!pin.isValidated()) {
            ISOException.throwIt(Protocol.SW_SECURITY_STATUS_NOT_SATISFIED);
        }
    }

    void forget() {
        pin.reset();
    }

    byte pinTries() {
        return pin.getTriesRemaining();
    }

    byte pukTries() {
        return puk.getTriesRemaining();
    }

    /** Personalisation: sets both secrets (formats already checked) and resets both counters. */
    void set(byte[] buf, short pinOffset, byte pinLength, short pukOffset) {
        pin.update(buf, pinOffset, pinLength);
        puk.update(buf, pukOffset, Protocol.PUK_LENGTH);
    }

    /**
     * VERIFY: 9000, 63Cx with the tries left, or 6983 when blocked. A value that cannot be a PIN
     * (wrong length, not digits) is a wrong PIN like any other and spends a try: the format gives
     * no free probe, and every token counts wrong PINs alike.
     */
    void verify(byte[] buf, short offset, short length) {
        check(pin, buf, offset, length, isPin(buf, offset, length));
    }

    /** VERIFY without data: reports the state without spending a try. */
    void reportState() {
        if (pin.isValidated()) {
            return;
        }
        throwTries(pin);
    }

    /** The new PIN's format is checked first (6700/6A80, nothing spent), then the old PIN as in VERIFY. */
    void change(byte[] buf, short oldOffset, byte oldLength, short newOffset, byte newLength) {
        checkPinFormat(buf, newOffset, newLength);
        check(pin, buf, oldOffset, oldLength, isPin(buf, oldOffset, oldLength));
        pin.update(buf, newOffset, newLength);
        // the holder just proved the PIN, so the session stays verified
        pin.check(buf, newOffset, newLength);
    }

    /** The new PIN's format is checked first, then the PUK; a malformed PUK spends a PUK try. */
    void unblock(byte[] buf, short pukOffset, byte pukLength, short newOffset, byte newLength) {
        checkPinFormat(buf, newOffset, newLength);
        check(puk, buf, pukOffset, pukLength,
                pukLength == Protocol.PUK_LENGTH && digits(buf, pukOffset, pukLength));
        pin.update(buf, newOffset, newLength);
        puk.reset();
    }

    /** PIV's CHANGE REFERENCE DATA for the PUK: the new PUK's format first, then the old PUK. */
    void changePuk(byte[] buf, short oldOffset, byte oldLength, short newOffset, byte newLength) {
        checkPukFormat(buf, newOffset, newLength);
        check(puk, buf, oldOffset, oldLength, oldLength == Protocol.PUK_LENGTH && digits(buf, oldOffset, oldLength));
        puk.update(buf, newOffset, newLength);
    }

    static void checkPinFormat(byte[] buf, short offset, byte length) {
        if (length < Protocol.PIN_MIN || length > Protocol.PIN_MAX) {
            ISOException.throwIt(Protocol.SW_WRONG_LENGTH);
        }
        checkDigits(buf, offset, length);
    }

    static void checkPukFormat(byte[] buf, short offset, byte length) {
        if (length != Protocol.PUK_LENGTH) {
            ISOException.throwIt(Protocol.SW_WRONG_LENGTH);
        }
        checkDigits(buf, offset, length);
    }

    private static void checkDigits(byte[] buf, short offset, byte length) {
        if (!digits(buf, offset, length)) {
            ISOException.throwIt(Protocol.SW_WRONG_DATA);
        }
    }

    private static boolean isPin(byte[] buf, short offset, short length) {
        return length >= Protocol.PIN_MIN && length <= Protocol.PIN_MAX && digits(buf, offset, length);
    }

    private static boolean digits(byte[] buf, short offset, short length) {
        for (short i = 0; i < length; i++) {
            byte b = buf[(short) (offset + i)];
            if (b < '0' || b > '9') {
                return false;
            }
        }
        return true;
    }

    /** One byte, not a digit: shorter than any PIN or PUK, so checking it always fails and spends a try. */
    private static final byte[] NEVER_A_SECRET = {(byte) 0xFF};

    private static void check(OwnerPIN secret, byte[] buf, short offset, short length, boolean wellFormed) {
        if (secret.getTriesRemaining() == 0) {
            ISOException.throwIt(Protocol.SW_AUTHENTICATION_BLOCKED);
        }
        boolean matched = false;
        if (wellFormed) {
            matched = secret.check(buf, offset, (byte) length);
        } else {
            secret.check(NEVER_A_SECRET, (short) 0, (byte) 1);
        }
        if (!matched) {
            throwTries(secret);
        }
    }

    private static void throwTries(OwnerPIN secret) {
        byte left = secret.getTriesRemaining();
        ISOException.throwIt(left == 0 ? Protocol.SW_AUTHENTICATION_BLOCKED : (short) (Protocol.SW_PIN_TRIES_LEFT | left));
    }
}

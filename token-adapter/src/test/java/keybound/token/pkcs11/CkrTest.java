package keybound.token.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.*;

import keybound.token.KeyNotFoundException;
import keybound.token.MechanismUnsupportedException;
import keybound.token.PinLockedException;
import keybound.token.PinState;
import keybound.token.TokenDeviceException;
import keybound.token.TokenFullException;
import keybound.token.TokenNotPresentException;
import keybound.token.WrongPinException;
import org.junit.jupiter.api.Test;

/**
 * The CKR_* table. Codes SoftHSM 2.6 never returns (CKR_PIN_LOCKED: it has no retry limit;
 * CKR_DEVICE_MEMORY: it has no capacity limit) are pinned here; the card targets of the contract
 * suite cause the locked PIN and the full token for real.
 */
class CkrTest {

    private static final Ckr.Context CONTEXT = Ckr.Context.of("pkcs11:test (serial 1)", "sign");

    @Test
    void pinCodesBecomePinExceptions() {
        assertInstanceOf(WrongPinException.class, Ckr.toException(CKR_PIN_INCORRECT, CONTEXT, null));
        assertInstanceOf(PinLockedException.class, Ckr.toException(CKR_PIN_LOCKED, CONTEXT, null));
        var finalTry = CONTEXT.withPinState(new PinState(true, true, false, -1));
        var wrong = (WrongPinException) Ckr.toException(CKR_PIN_INCORRECT, finalTry, null);
        assertEquals(1, wrong.triesLeft().getAsInt());
    }

    @Test
    void absenceFullnessAndMechanismsAreTyped() {
        assertInstanceOf(TokenNotPresentException.class, Ckr.toException(CKR_TOKEN_NOT_PRESENT, CONTEXT, null));
        assertInstanceOf(TokenNotPresentException.class, Ckr.toException(CKR_DEVICE_REMOVED, CONTEXT, null));
        assertInstanceOf(TokenNotPresentException.class, Ckr.toException(CKR_SLOT_ID_INVALID, CONTEXT, null));
        assertInstanceOf(TokenFullException.class, Ckr.toException(CKR_DEVICE_MEMORY, CONTEXT, null));
        assertInstanceOf(KeyNotFoundException.class, Ckr.toException(CKR_KEY_HANDLE_INVALID, CONTEXT, null));
        assertInstanceOf(MechanismUnsupportedException.class, Ckr.toException(CKR_MECHANISM_INVALID, CONTEXT, null));
    }

    @Test
    void everythingElseKeepsItsCodeByName() {
        var error = (TokenDeviceException) Ckr.toException(CKR_DEVICE_ERROR, CONTEXT, null);
        assertEquals("CKR_DEVICE_ERROR", error.code());
        assertTrue(error.getMessage().contains("CKR_DEVICE_ERROR"));
        assertFalse(error.getMessage().matches(".*\\b48\\b.*"), "no bare number");
        assertEquals("CKR_VENDOR_DEFINED+0x2a", Ckr.name(CKR_VENDOR_DEFINED + 0x2a));
    }

    @Test
    void recoveryCodesAreRecognised() {
        assertTrue(Ckr.isStaleSession(CKR_SESSION_HANDLE_INVALID));
        assertTrue(Ckr.isStaleSession(CKR_CRYPTOKI_NOT_INITIALIZED));
        assertTrue(Ckr.isTokenGone(CKR_DEVICE_REMOVED));
        assertFalse(Ckr.isStaleSession(CKR_PIN_INCORRECT));
    }
}

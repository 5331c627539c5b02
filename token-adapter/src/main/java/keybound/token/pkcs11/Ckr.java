package keybound.token.pkcs11;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.*;

import keybound.token.KeyNotFoundException;
import keybound.token.MechanismUnsupportedException;
import keybound.token.PinLockedException;
import keybound.token.PinState;
import keybound.token.TokenDeviceException;
import keybound.token.TokenException;
import keybound.token.TokenFullException;
import keybound.token.TokenNotPresentException;
import keybound.token.WrongPinException;
import org.xipki.pkcs11.wrapper.PKCS11Constants;
import org.xipki.pkcs11.wrapper.PKCS11Exception;

/**
 * The one table from PKCS#11 return values (CKR_*) to keybound's typed exceptions. Every
 * PKCS#11 failure in this package goes through {@link #toException}; codes appear by name only.
 */
public final class Ckr {

    private Ckr() {
    }

    /** Where a failure happened: the token's display name and the operation, for the message. */
    public record Context(String tokenName, String operation, PinState pinState) {
        public static Context of(String tokenName, String operation) {
            return new Context(tokenName, operation, PinState.UNKNOWN_OK);
        }

        public Context withPinState(PinState state) {
            return new Context(tokenName, operation, state);
        }
    }

    /** The CKR_* name of a return value; vendor codes by their offset from CKR_VENDOR_DEFINED. */
    public static String name(long code) {
        if (code >= CKR_VENDOR_DEFINED) {
            return "CKR_VENDOR_DEFINED+0x" + Long.toHexString(code - CKR_VENDOR_DEFINED);
        }
        String name = PKCS11Constants.ckrCodeToName(code);
        // the wrapper names codes it does not know "CKR_0X...": keep ours recognisable as unknown
        if (name != null && name.startsWith("CKR_") && !name.startsWith("CKR_0X")) {
            return name;
        }
        return "CKR_UNKNOWN_0x" + Long.toHexString(code);
    }

    public static TokenException toException(PKCS11Exception e, Context context) {
        return toException(e.getErrorCode(), context, e);
    }

    /** The typed exception for {@code code}. The message never contains a PIN. */
    public static TokenException toException(long code, Context context, Throwable cause) {
        String name = name(code);
        String where = context.operation() + " on token " + context.tokenName();
        if (code == CKR_PIN_INCORRECT) {
            return new WrongPinException(context.tokenName(), triesLeft(context.pinState()));
        }
        if (code == CKR_PIN_LOCKED) {
            return new PinLockedException(context.tokenName());
        }
        if (code == CKR_TOKEN_NOT_PRESENT || code == CKR_DEVICE_REMOVED || code == CKR_SLOT_ID_INVALID
                || code == CKR_TOKEN_NOT_RECOGNIZED) {
            return new TokenNotPresentException(where + " failed: the token is not present [" + name + "]", cause);
        }
        if (code == CKR_KEY_HANDLE_INVALID || code == CKR_OBJECT_HANDLE_INVALID) {
            return new KeyNotFoundException(where + " failed: the key is no longer on the token [" + name + "]");
        }
        if (code == CKR_MECHANISM_INVALID || code == CKR_MECHANISM_PARAM_INVALID || code == CKR_KEY_TYPE_INCONSISTENT
                || code == CKR_KEY_SIZE_RANGE || code == CKR_CURVE_NOT_SUPPORTED || code == CKR_DOMAIN_PARAMS_INVALID
                || code == CKR_FUNCTION_NOT_SUPPORTED || code == CKR_KEY_FUNCTION_NOT_PERMITTED) {
            return new MechanismUnsupportedException(where + " failed: the token cannot do this [" + name + "]");
        }
        if (code == CKR_DEVICE_MEMORY || code == CKR_TOKEN_RESOURCE_EXCEEDED) {
            return new TokenFullException(where + " failed: no room left on the token [" + name + "]");
        }
        return new TokenDeviceException(name, where + " failed", cause);
    }

    /** The session handle is dead (closed elsewhere, or the library was re-initialised). */
    static boolean isStaleSession(long code) {
        return code == CKR_SESSION_HANDLE_INVALID || code == CKR_SESSION_CLOSED
                || code == CKR_CRYPTOKI_NOT_INITIALIZED;
    }

    /** The token went away; it may come back under another slot id. */
    static boolean isTokenGone(long code) {
        return code == CKR_TOKEN_NOT_PRESENT || code == CKR_DEVICE_REMOVED || code == CKR_SLOT_ID_INVALID;
    }

    static boolean isStaleHandle(long code) {
        return code == CKR_KEY_HANDLE_INVALID || code == CKR_OBJECT_HANDLE_INVALID;
    }

    private static int triesLeft(PinState state) {
        if (state.triesLeft() >= 0) {
            return state.triesLeft();
        }
        return state.finalTry() ? 1 : -1;
    }
}

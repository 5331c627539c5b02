package keybound.token.pkcs11;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.*;

import keybound.token.PinState;

/** Reads the user and SO PIN state from CK_TOKEN_INFO flags. PKCS#11 tells no retry number. */
final class PinStates {

    private PinStates() {
    }

    static PinState user(long flags) {
        return of(flags, CKF_USER_PIN_COUNT_LOW, CKF_USER_PIN_FINAL_TRY, CKF_USER_PIN_LOCKED);
    }

    static PinState securityOfficer(long flags) {
        return of(flags, CKF_SO_PIN_COUNT_LOW, CKF_SO_PIN_FINAL_TRY, CKF_SO_PIN_LOCKED);
    }

    private static PinState of(long flags, long low, long finalTry, long locked) {
        boolean isLocked = (flags & locked) != 0;
        boolean isFinal = (flags & finalTry) != 0;
        int tries = isLocked ? 0 : isFinal ? 1 : -1;
        return new PinState((flags & low) != 0, isFinal, isLocked, tries);
    }
}

package keybound.token.pkcs11;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import keybound.token.TokenInfo;
import keybound.token.TokenKind;
import org.xipki.pkcs11.wrapper.PKCS11Constants;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.PKCS11Module;
import org.xipki.pkcs11.wrapper.Slot;
import org.xipki.pkcs11.wrapper.Token;

/**
 * Where a token sits right now: its slot and what it reports. Only valid until the token is
 * removed or the library re-numbers its slots, so it is looked up again by serial on recovery.
 */
record SlotBinding(Slot slot, Token token, TokenInfo info, long flags) {

    long slotId() {
        return slot.getSlotID();
    }

    Set<Long> mechanisms() {
        Set<Long> set = new HashSet<>();
        for (long mechanism : token.getMechanismList()) {
            set.add(mechanism);
        }
        return set;
    }

    /** A fresh look at the token in this slot. */
    SlotBinding refresh() throws PKCS11Exception {
        return of(slot, token);
    }

    /** Every slot with a token present, initialised or not. */
    static List<SlotBinding> present(PKCS11Module module) throws PKCS11Exception {
        List<SlotBinding> result = new ArrayList<>();
        for (Slot slot : module.getSlotList(true)) {
            result.add(of(slot, slot.getToken()));
        }
        return result;
    }

    static Optional<SlotBinding> bySerial(PKCS11Module module, String serial) throws PKCS11Exception {
        return present(module).stream()
                .filter(SlotBinding::initialised)
                .filter(binding -> binding.info().serial().equalsIgnoreCase(serial))
                .findFirst();
    }

    boolean initialised() {
        return (flags & PKCS11Constants.CKF_TOKEN_INITIALIZED) != 0;
    }

    private static SlotBinding of(Slot slot, Token token) throws PKCS11Exception {
        var raw = token.getTokenInfo();
        long flags = raw.getFlags();
        var info = new TokenInfo(TokenKind.PKCS11, trim(raw.getLabel()), trim(raw.getSerialNumber()),
                trim(raw.getModel()), trim(raw.getManufacturerID()), PinStates.user(flags));
        return new SlotBinding(slot, token, info, flags);
    }

    private static String trim(String value) {
        return value == null ? "" : value.strip();
    }
}

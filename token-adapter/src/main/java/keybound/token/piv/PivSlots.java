package keybound.token.piv;

import com.yubico.yubikit.piv.KeyType;
import com.yubico.yubikit.piv.Slot;
import java.util.List;
import java.util.Locale;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyNotFoundException;
import keybound.token.KeyRef;

/**
 * The four PIV key slots keybound uses, in the order it fills them: 9A (PIV authentication,
 * the one browsers use for TLS client authentication) first. A key's id is its slot in hex.
 */
final class PivSlots {

    static final List<Slot> ORDER = List.of(Slot.AUTHENTICATION, Slot.SIGNATURE, Slot.KEY_MANAGEMENT, Slot.CARD_AUTH);

    private PivSlots() {
    }

    static String id(Slot slot) {
        return String.format(Locale.ROOT, "%02x", slot.value);
    }

    static Slot slot(KeyRef key) {
        return ORDER.stream().filter(s -> id(s).equals(key.id())).findFirst()
                .orElseThrow(() -> new KeyNotFoundException("No PIV key slot " + key.id()));
    }

    static KeyType keyType(KeyAlgorithm algorithm) {
        return switch (algorithm) {
            case EC_P256 -> KeyType.ECCP256;
            case RSA_2048 -> KeyType.RSA2048;
        };
    }

    /** The keybound algorithm of a PIV key type, or null for one keybound does not use. */
    static KeyAlgorithm algorithm(KeyType type) {
        return switch (type) {
            case ECCP256 -> KeyAlgorithm.EC_P256;
            case RSA2048 -> KeyAlgorithm.RSA_2048;
            default -> null;
        };
    }
}

package keybound.token.card;

import java.util.Map;
import keybound.applet.Protocol;
import keybound.token.KeyNotFoundException;
import keybound.token.MechanismUnsupportedException;
import keybound.token.PinLockedException;
import keybound.token.TokenDeviceException;
import keybound.token.TokenException;
import keybound.token.TokenFullException;
import keybound.token.TokenNotPresentException;
import keybound.token.WrongPinException;

/**
 * The one table from the applet's status words to the Token API's exceptions. Every SW that is
 * not success is decided here and nowhere else; unknown ones become a device error naming the SW.
 */
public final class StatusWords {

    private static final Map<Integer, String> MEANINGS = Map.ofEntries(
            Map.entry(0x6700, "wrong length"),
            Map.entry(0x6883, "last command of the chain expected"),
            Map.entry(0x6884, "command chaining not supported"),
            Map.entry(0x6982, "security status not satisfied (PIN not verified)"),
            Map.entry(0x6983, "authentication method blocked"),
            Map.entry(0x6985, "conditions of use not satisfied"),
            Map.entry(0x6A80, "incorrect data"),
            Map.entry(0x6A81, "function not supported"),
            Map.entry(0x6A82, "application not found"),
            Map.entry(0x6A84, "not enough memory"),
            Map.entry(0x6A86, "incorrect parameters P1-P2"),
            Map.entry(0x6A88, "referenced data not found"),
            Map.entry(0x6A89, "data already exists"),
            Map.entry(0x6D00, "instruction not supported"),
            Map.entry(0x6E00, "class not supported"),
            Map.entry(0x6F00, "no precise diagnosis"));

    private StatusWords() {
    }

    /** {@code SW 6A88 (referenced data not found)}: the SW by number and by name. */
    public static String name(int sw) {
        String meaning = (sw & 0xFFF0) == 0x63C0 ? "verification failed, " + (sw & 0x0F) + " tries left"
                : MEANINGS.getOrDefault(sw, "unknown status");
        return String.format("SW %04X (%s)", sw, meaning);
    }

    /** Returns normally for 9000; otherwise throws what {@code sw} means for {@code what} on {@code token}. */
    public static void check(int sw, String token, String what) {
        if (sw != (Protocol.SW_OK & 0xFFFF)) {
            throw toException(sw, token, what);
        }
    }

    public static TokenException toException(int sw, String token, String what) {
        if ((sw & 0xFFF0) == (Protocol.SW_PIN_TRIES_LEFT & 0xFFFF)) {
            return new WrongPinException(token, sw & 0x0F);
        }
        return switch (sw) {
            case 0x6983 -> new PinLockedException(token);
            case 0x6A88 -> new KeyNotFoundException("No such key on card " + token + " (" + what + ")");
            case 0x6A81 -> new MechanismUnsupportedException("Card " + token + " cannot " + what);
            case 0x6A84 -> new TokenFullException("No room on card " + token + " to " + what);
            case 0x6A82 -> new TokenNotPresentException("Card " + token + " does not hold the keybound applet");
            default -> new TokenDeviceException(name(sw), "Card " + token + " refused to " + what, null);
        };
    }
}

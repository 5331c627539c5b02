package keybound.applet;

import javacard.framework.APDU;
import javacard.framework.ISOException;
import javacard.framework.JCSystem;
import javacard.framework.Util;

/**
 * Sends responses longer than one short APDU: the first part goes out with SW 61xx and the host
 * fetches the rest with GET RESPONSE. Pending state lives in RAM, so a reset forgets it.
 */
final class Outbox {
    private static final short OFFSET = 0;
    private static final short REMAINING = 1;
    /** Largest chunk per response; 256 is what a short Le of 00 asks for. */
    private static final short MAX_CHUNK = 256;

    private final Object[] source;
    private final short[] state;

    Outbox() {
        source = JCSystem.makeTransientObjectArray((short) 1, JCSystem.CLEAR_ON_DESELECT);
        state = JCSystem.makeTransientShortArray((short) 2, JCSystem.CLEAR_ON_DESELECT);
    }

    /** Starts sending {@code length} bytes of {@code data}; the array must stay unchanged until sent. */
    void send(APDU apdu, byte[] data, short offset, short length) {
        source[0] = data;
        state[OFFSET] = offset;
        state[REMAINING] = length;
        sendNext(apdu);
    }

    /** GET RESPONSE: the next part, or 6985 when nothing is pending. */
    void getResponse(APDU apdu) {
        if (source[0] == null) {
            ISOException.throwIt(Protocol.SW_CONDITIONS_NOT_SATISFIED);
        }
        sendNext(apdu);
    }

    void clear() {
        source[0] = null;
        state[REMAINING] = 0;
    }

    private void sendNext(APDU apdu) {
        byte[] data = (byte[]) source[0];
        short le = apdu.setOutgoing();
        if (le == 0 || le > MAX_CHUNK) {
            le = MAX_CHUNK;
        }
        short n = state[REMAINING] < le ? state[REMAINING] : le;
        apdu.setOutgoingLength(n);
        apdu.sendBytesLong(data, state[OFFSET], n);
        state[OFFSET] += n;
        state[REMAINING] -= n;
        short rest = state[REMAINING];
        if (rest == 0) {
            clear();
            return;
        }
        ISOException.throwIt((short) (Protocol.SW_BYTES_REMAINING | (rest > 255 ? 0 : rest)));
    }

    static void copy(byte[] from, short fromOffset, byte[] to, short toOffset, short length) {
        Util.arrayCopyNonAtomic(from, fromOffset, to, toOffset, length);
    }
}

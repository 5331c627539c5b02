package keybound.applet;

import javacard.framework.APDU;
import javacard.framework.ISOException;
import javacard.framework.JCSystem;

/**
 * Sends responses longer than one short APDU: the first part goes out with SW 61xx and the host
 * fetches the rest with GET RESPONSE. A response may be up to three pieces of different arrays
 * sent back to back (the PIV role wraps a stored certificate in a header and a trailer without
 * copying it). Pending state lives in RAM, so a reset forgets it.
 */
final class Outbox {
    private static final short PIECES = 3;
    /** Largest chunk per response; 256 is what a short Le of 00 asks for. */
    private static final short MAX_CHUNK = 256;

    private final Object[] source;
    /** Offsets at 0..2, remaining lengths at 3..5. */
    private final short[] state;

    Outbox() {
        source = JCSystem.makeTransientObjectArray(PIECES, JCSystem.CLEAR_ON_DESELECT);
        state = JCSystem.makeTransientShortArray((short) (2 * PIECES), JCSystem.CLEAR_ON_DESELECT);
    }

    /** Starts sending {@code length} bytes of {@code data}; the array must stay unchanged until sent. */
    void send(APDU apdu, byte[] data, short offset, short length) {
        send(apdu, data, offset, length, null, (short) 0, (short) 0, null, (short) 0, (short) 0);
    }

    /** Starts sending the three pieces one after the other (a piece may be empty, its array null). */
    void send(APDU apdu, byte[] a, short aOffset, short aLength, byte[] b, short bOffset, short bLength,
              byte[] c, short cOffset, short cLength) {
        set((short) 0, a, aOffset, aLength);
        set((short) 1, b, bOffset, bLength);
        set((short) 2, c, cOffset, cLength);
        sendNext(apdu);
    }

    /** GET RESPONSE: the next part, or 6985 when nothing is pending. */
    void getResponse(APDU apdu) {
        if (remaining() == 0) {
            ISOException.throwIt(Protocol.SW_CONDITIONS_NOT_SATISFIED);
        }
        sendNext(apdu);
    }

    void clear() {
        for (short i = 0; i < PIECES; i++) {
            set(i, null, (short) 0, (short) 0);
        }
    }

    private void set(short piece, byte[] data, short offset, short length) {
        source[piece] = data;
        state[piece] = offset;
        state[(short) (PIECES + piece)] = data == null ? 0 : length;
    }

    private short remaining() {
        short total = 0;
        for (short i = 0; i < PIECES; i++) {
            total += state[(short) (PIECES + i)];
        }
        return total;
    }

    private void sendNext(APDU apdu) {
        short le = apdu.setOutgoing();
        if (le == 0 || le > MAX_CHUNK) {
            le = MAX_CHUNK;
        }
        short rest = remaining();
        short n = rest < le ? rest : le;
        apdu.setOutgoingLength(n);
        for (short i = 0; i < PIECES && n > 0; i++) {
            short left = state[(short) (PIECES + i)];
            short k = left < n ? left : n;
            if (k > 0) {
                apdu.sendBytesLong((byte[]) source[i], state[i], k);
                state[i] += k;
                state[(short) (PIECES + i)] -= k;
                n -= k;
            }
        }
        rest = remaining();
        if (rest == 0) {
            clear();
            return;
        }
        ISOException.throwIt((short) (Protocol.SW_BYTES_REMAINING | (rest > 255 ? 0 : rest)));
    }
}

package keybound.applet;

import javacard.framework.APDU;
import javacard.framework.APDUException;
import javacard.framework.ISO7816;
import javacard.framework.ISOException;
import javacard.framework.JCSystem;
import javacard.framework.Util;
import javacard.security.CryptoException;

/**
 * ISO 7816-4 command chaining for one command at a time: which command a chain belongs to and,
 * for uploads, the declared total and what has arrived in the staging buffer. The chain lives
 * in RAM; a different command, an error, a reset or a deselect drops it, and nothing persistent
 * changes until its last part has arrived whole.
 */
final class Chain {
    private static final short INS = 0;
    private static final short P1 = 1;
    private static final short P2 = 2;
    private static final short EXPECTED = 3;
    private static final short RECEIVED = 4;

    private final short[] state;
    /** Persistent staging buffer for uploads: the old certificate stays until the new one is whole. */
    private final byte[] staging;

    Chain() {
        this(Protocol.MAX_CERTIFICATE);
    }

    Chain(short capacity) {
        staging = new byte[capacity];
        state = JCSystem.makeTransientShortArray((short) 5, JCSystem.CLEAR_ON_DESELECT);
    }

    boolean active() {
        return state[INS] != 0;
    }

    /** Whether this command continues the open chain (same INS, P1 and P2). */
    boolean continues(byte ins, byte p1, byte p2) {
        return active() && state[INS] == (short) (ins & 0xFF) && state[P1] == p1 && state[P2] == p2;
    }

    void start(byte ins, byte p1, byte p2) {
        state[INS] = (short) (ins & 0xFF);
        state[P1] = p1;
        state[P2] = p2;
        state[EXPECTED] = 0;
        state[RECEIVED] = 0;
    }

    void abort() {
        state[INS] = 0;
        state[EXPECTED] = 0;
        state[RECEIVED] = 0;
    }

    /**
     * Ends a command that threw {@code e}: the chain is dropped (unless the card is only saying that
     * more response bytes wait, 61xx) and the card answers with the status word {@code e} stands for.
     */
    void fail(RuntimeException e) {
        if (e instanceof ISOException iso) {
            if ((iso.getReason() & (short) 0xFF00) != Protocol.SW_BYTES_REMAINING) {
                abort();
            }
            throw e;
        }
        abort();
        if (e instanceof CryptoException crypto) {
            ISOException.throwIt(crypto.getReason() == CryptoException.NO_SUCH_ALGORITHM
                    ? Protocol.SW_FUNCTION_NOT_SUPPORTED : Protocol.SW_UNKNOWN);
        }
        if (e instanceof APDUException apdu) {
            ISOException.throwIt(apdu.getReason() == APDUException.BAD_LENGTH
                    ? Protocol.SW_WRONG_LENGTH : Protocol.SW_UNKNOWN);
        }
        ISOException.throwIt(Protocol.SW_UNKNOWN);
    }

    /**
     * Takes one part of an upload whose first part starts with the total length (2 bytes).
     * Returns the complete length when {@code last}, otherwise -1.
     */
    short upload(byte[] buf, short offset, short length, boolean first, boolean last) {
        if (first) {
            if (length < 2) {
                ISOException.throwIt(Protocol.SW_WRONG_LENGTH);
            }
            short total = Util.getShort(buf, offset);
            if (total < 0 || total > Protocol.MAX_CERTIFICATE) {
                ISOException.throwIt(Protocol.SW_NOT_ENOUGH_MEMORY);
            }
            state[EXPECTED] = total;
            offset = (short) (offset + 2);
            length = (short) (length - 2);
        }
        short received = state[RECEIVED];
        if (length > (short) (state[EXPECTED] - received)) {
            ISOException.throwIt(Protocol.SW_WRONG_LENGTH);
        }
        Util.arrayCopyNonAtomic(buf, offset, staging, received, length);
        state[RECEIVED] = (short) (received + length);
        if (!last) {
            return -1;
        }
        if (state[RECEIVED] != state[EXPECTED]) {
            ISOException.throwIt(Protocol.SW_WRONG_LENGTH); // the chain was cut short
        }
        return state[RECEIVED];
    }

    /**
     * Receives one part of an upload (PUT CERTIFICATE and the like): starts the chain on its first
     * part, and returns the complete length after the last part, else -1.
     */
    short receivePart(APDU apdu, byte[] buf, boolean more) {
        short length = Apdus.receive(apdu);
        boolean first = !active();
        if (first && more) {
            start(buf[ISO7816.OFFSET_INS], buf[ISO7816.OFFSET_P1], buf[ISO7816.OFFSET_P2]);
        }
        short complete = upload(buf, ISO7816.OFFSET_CDATA, length, first, !more);
        if (!more) {
            abort();
        }
        return complete;
    }

    /**
     * Appends one part of a chained command's data, as it comes (no length prefix), starting the
     * chain on its first part. Returns the whole length after the last part, else -1; 6700 when
     * the parts outgrow the staging buffer.
     */
    short collect(byte[] buf, short offset, short length, boolean more) {
        if (!active()) {
            start(buf[ISO7816.OFFSET_INS], buf[ISO7816.OFFSET_P1], buf[ISO7816.OFFSET_P2]);
        }
        short received = state[RECEIVED];
        if (length > (short) (staging.length - received)) {
            ISOException.throwIt(Protocol.SW_WRONG_LENGTH);
        }
        Util.arrayCopyNonAtomic(buf, offset, staging, received, length);
        state[RECEIVED] = (short) (received + length);
        if (more) {
            return -1;
        }
        short total = state[RECEIVED];
        abort();
        return total;
    }

    byte[] staged() {
        return staging;
    }
}

package keybound.applet;

import javacard.framework.APDU;
import javacard.framework.ISO7816;
import javacard.framework.ISOException;

/** Checks on the command APDU that every handler shares: data length, P1/P2, LV fields. */
final class Apdus {
    private Apdus() {
    }

    /** Data length of a command whose data field fits one short APDU. */
    static short receive(APDU apdu) {
        short received = apdu.setIncomingAndReceive();
        if (received != apdu.getIncomingLength()) {
            ISOException.throwIt(Protocol.SW_WRONG_LENGTH);
        }
        return received;
    }

    static void checkP1P2(byte[] buf, byte p1, byte p2) {
        if (buf[ISO7816.OFFSET_P1] != p1 || buf[ISO7816.OFFSET_P2] != p2) {
            ISOException.throwIt(Protocol.SW_INCORRECT_P1P2);
        }
    }

    static void checkP2Zero(byte[] buf) {
        if (buf[ISO7816.OFFSET_P2] != 0) {
            ISOException.throwIt(Protocol.SW_INCORRECT_P1P2);
        }
    }

    /** The length byte of an LV field at {@code at}; 6700 unless the field lies inside the data. */
    static byte lengthAt(byte[] buf, short at, short dataLength) {
        short end = (short) (ISO7816.OFFSET_CDATA + dataLength);
        if (at >= end) {
            ISOException.throwIt(Protocol.SW_WRONG_LENGTH);
        }
        byte length = buf[at];
        if (length < 0 || (short) (at + 1 + length) > end) {
            ISOException.throwIt(Protocol.SW_WRONG_LENGTH);
        }
        return length;
    }

    /** 6700 unless the LV field at {@code lastAt} ends exactly where the data does. */
    static void requireEnd(short lastAt, byte lastLength, short dataLength) {
        if ((short) (lastAt + 1 + lastLength) != (short) (ISO7816.OFFSET_CDATA + dataLength)) {
            ISOException.throwIt(Protocol.SW_WRONG_LENGTH);
        }
    }
}

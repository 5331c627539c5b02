package keybound.applet;

import javacard.framework.ISOException;
import javacard.framework.Util;

/**
 * Minimal BER-TLV for the PIV role: one-byte tags, lengths in the short forms {@code L},
 * {@code 81 L} and {@code 82 LL LL}. Every read is bounded by {@code end}; anything malformed
 * answers 6A80, so a bad length can never reach past the data.
 */
final class Ber {
    private Ber() {
    }

    /** Offset of the value of the TLV whose tag is at {@code at}. */
    static short valueOffset(byte[] buf, short at, short end) {
        requireInside((short) (at + 2), end);
        byte first = buf[(short) (at + 1)];
        short offset;
        if (first >= 0) {
            offset = (short) (at + 2);
        } else if (first == (byte) 0x81) {
            offset = (short) (at + 3);
        } else if (first == (byte) 0x82) {
            offset = (short) (at + 4);
        } else {
            offset = -1;
            ISOException.throwIt(Protocol.SW_WRONG_DATA);
        }
        requireInside(offset, end);
        return offset;
    }

    /** Length of the value of the TLV at {@code at}; its value must lie inside {@code end}. */
    static short valueLength(byte[] buf, short at, short end) {
        short offset = valueOffset(buf, at, end);
        byte first = buf[(short) (at + 1)];
        short length;
        if (first >= 0) {
            length = first;
        } else if (first == (byte) 0x81) {
            length = (short) (buf[(short) (at + 2)] & 0xFF);
        } else {
            length = Util.getShort(buf, (short) (at + 2));
        }
        if (length < 0 || length > (short) (end - offset)) {
            ISOException.throwIt(Protocol.SW_WRONG_DATA);
        }
        return length;
    }

    /** Offset just after the TLV at {@code at}. */
    static short next(byte[] buf, short at, short end) {
        return (short) (valueOffset(buf, at, end) + valueLength(buf, at, end));
    }

    /** Offset of the first TLV tagged {@code tag} among the siblings in [from, end), or -1. */
    static short find(byte[] buf, short from, short end, byte tag) {
        short at = from;
        while (at < end) {
            if (buf[at] == tag) {
                valueLength(buf, at, end); // checks the value lies inside
                return at;
            }
            at = next(buf, at, end);
        }
        return -1;
    }

    /** Offset of the value of the one-byte-tag TLV that must start at {@code at}; 6A80 otherwise. */
    static short expect(byte[] buf, short at, short end, byte tag) {
        if (at >= end || buf[at] != tag) {
            ISOException.throwIt(Protocol.SW_WRONG_DATA);
        }
        return valueOffset(buf, at, end);
    }

    /** Bytes a header with this length takes (tag included). */
    static short headerSize(short length) {
        return length < 128 ? (short) 2 : length < 256 ? (short) 3 : (short) 4;
    }

    /** Writes tag and length at {@code p}; returns the offset of the value. */
    static short header(byte[] out, short p, byte tag, short length) {
        out[p++] = tag;
        if (length >= 256) {
            out[p++] = (byte) 0x82;
            out[p++] = (byte) (length >> 8);
        } else if (length >= 128) {
            out[p++] = (byte) 0x81;
        }
        out[p++] = (byte) length;
        return p;
    }

    private static void requireInside(short offset, short end) {
        if (offset < 0 || offset > end) {
            ISOException.throwIt(Protocol.SW_WRONG_DATA);
        }
    }
}

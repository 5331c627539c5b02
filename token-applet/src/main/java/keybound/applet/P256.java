package keybound.applet;

import javacard.security.ECKey;

/** NIST P-256 domain parameters; a card must be told the curve before it generates a key. */
final class P256 {
    private P256() {
    }

    static final byte[] P = hex32(new short[] {
            (short) 0xFFFF, (short) 0xFFFF, 0x0000, 0x0001, 0x0000, 0x0000, 0x0000, 0x0000,
            0x0000, 0x0000, (short) 0xFFFF, (short) 0xFFFF, (short) 0xFFFF, (short) 0xFFFF, (short) 0xFFFF, (short) 0xFFFF});
    static final byte[] A = hex32(new short[] {
            (short) 0xFFFF, (short) 0xFFFF, 0x0000, 0x0001, 0x0000, 0x0000, 0x0000, 0x0000,
            0x0000, 0x0000, (short) 0xFFFF, (short) 0xFFFF, (short) 0xFFFF, (short) 0xFFFF, (short) 0xFFFF, (short) 0xFFFC});
    static final byte[] B = hex32(new short[] {
            0x5AC6, 0x35D8, (short) 0xAA3A, (short) 0x93E7, (short) 0xB3EB, (short) 0xBD55, 0x7698, (short) 0x86BC,
            0x651D, 0x06B0, (short) 0xCC53, (short) 0xB0F6, 0x3BCE, 0x3C3E, 0x27D2, 0x604B});
    static final byte[] GX = hex32(new short[] {
            0x6B17, (short) 0xD1F2, (short) 0xE12C, 0x4247, (short) 0xF8BC, (short) 0xE6E5, 0x63A4, 0x40F2,
            0x7703, 0x7D81, 0x2DEB, 0x33A0, (short) 0xF4A1, 0x3945, (short) 0xD898, (short) 0xC296});
    static final byte[] GY = hex32(new short[] {
            0x4FE3, 0x42E2, (short) 0xFE1A, 0x7F9B, (short) 0x8EE7, (short) 0xEB4A, 0x7C0F, (short) 0x9E16,
            0x2BCE, 0x3357, 0x6B31, 0x5ECE, (short) 0xCBB6, 0x4068, 0x37BF, 0x51F5});
    static final byte[] N = hex32(new short[] {
            (short) 0xFFFF, (short) 0xFFFF, 0x0000, 0x0000, (short) 0xFFFF, (short) 0xFFFF, (short) 0xFFFF, (short) 0xFFFF,
            (short) 0xBCE6, (short) 0xFAAD, (short) 0xA717, (short) 0x9E84, (short) 0xF3B9, (short) 0xCAC2, (short) 0xFC63, 0x2551});

    /** Uncompressed point length: 04 || X || Y. */
    static final short POINT_LENGTH = 65;

    static void setCurve(ECKey key) {
        key.setFieldFP(P, (short) 0, (short) P.length);
        key.setA(A, (short) 0, (short) A.length);
        key.setB(B, (short) 0, (short) B.length);
        byte[] g = new byte[POINT_LENGTH];
        g[0] = 0x04;
        javacard.framework.Util.arrayCopyNonAtomic(GX, (short) 0, g, (short) 1, (short) 32);
        javacard.framework.Util.arrayCopyNonAtomic(GY, (short) 0, g, (short) 33, (short) 32);
        key.setG(g, (short) 0, POINT_LENGTH);
        key.setR(N, (short) 0, (short) N.length);
        key.setK((short) 1);
    }

    private static byte[] hex32(short[] words) {
        byte[] out = new byte[32];
        for (short i = 0; i < 16; i++) {
            out[(short) (2 * i)] = (byte) (words[i] >> 8);
            out[(short) (2 * i + 1)] = (byte) words[i];
        }
        return out;
    }
}

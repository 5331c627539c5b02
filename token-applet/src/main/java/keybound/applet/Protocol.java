package keybound.applet;

/**
 * The applet's APDU protocol: instruction bytes, parameters and status words, shared by the
 * applet and the host. Primitive constants only, so that javac inlines them on both sides.
 * {@code token-applet/APDU.md} describes every command with its data and status words.
 */
public final class Protocol {
    private Protocol() {
    }

    /** The applet's AID (a proprietary RID, keybound's PIX). */
    public static final byte[] aid() {
        return new byte[] {(byte) 0xF0, 'K', 'E', 'Y', 'B', 'N', 'D', 0x01};
    }

    public static final byte VERSION = 1;

    // Classes
    public static final byte CLA_ISO = (byte) 0x00;
    public static final byte CLA_PROPRIETARY = (byte) 0x80;
    /** ISO 7816-4 command chaining: "more parts of this command follow". */
    public static final byte CLA_CHAINING_BIT = (byte) 0x10;

    // ISO instructions (CLA 00)
    public static final byte INS_SELECT = (byte) 0xA4;
    public static final byte INS_VERIFY = (byte) 0x20;
    public static final byte INS_CHANGE_REFERENCE_DATA = (byte) 0x24;
    public static final byte INS_RESET_RETRY_COUNTER = (byte) 0x2C;
    public static final byte INS_GET_RESPONSE = (byte) 0xC0;

    // Proprietary instructions (CLA 80)
    public static final byte INS_GET_STATUS = (byte) 0xF2;
    public static final byte INS_LIST_SLOTS = (byte) 0x4A;
    public static final byte INS_GENERATE_KEY = (byte) 0x46;
    public static final byte INS_GET_PUBLIC_KEY = (byte) 0x48;
    public static final byte INS_SIGN = (byte) 0x2A;
    public static final byte INS_PUT_CERTIFICATE = (byte) 0xDA;
    public static final byte INS_GET_CERTIFICATE = (byte) 0xCA;
    public static final byte INS_DELETE_KEY = (byte) 0xE4;
    public static final byte INS_ATTEST = (byte) 0xA0;
    public static final byte INS_GET_ATTESTATION_CERTIFICATE = (byte) 0xCB;
    public static final byte INS_PERSONALISE = (byte) 0x50;
    public static final byte INS_PUT_ATTESTATION_CERTIFICATE = (byte) 0x52;
    public static final byte INS_LOCK_PERSONALISATION = (byte) 0x54;

    // Parameters
    public static final byte P2_PIN = (byte) 0x81;
    /** VERIFY with P1 = FF: forget the verified state (ISO 7816-4 "reset security status"). */
    public static final byte P1_LOGOUT = (byte) 0xFF;

    public static final byte KEY_NONE = 0;
    public static final byte KEY_EC_P256 = 1;
    public static final byte KEY_RSA_2048 = 2;

    public static final byte SIGN_ECDSA_SHA256 = 1;
    public static final byte SIGN_RSA_PKCS1_SHA256 = 2;

    public static final byte LIFECYCLE_BLANK = 0;
    public static final byte LIFECYCLE_PERSONALISING = 1;
    public static final byte LIFECYCLE_LOCKED = 2;

    // Limits
    public static final byte SLOT_COUNT = 4;
    public static final short MAX_CERTIFICATE = 2048;
    public static final byte MAX_LABEL = 32;
    public static final byte PIN_MIN = 6;
    public static final byte PIN_MAX = 8;
    public static final byte PUK_LENGTH = 8;
    public static final byte PIN_TRIES = 3;
    public static final byte PUK_TRIES = 10;
    public static final byte SERIAL_MIN = 4;
    public static final byte SERIAL_MAX = 16;
    public static final byte NONCE_MIN = 8;
    public static final byte NONCE_MAX = 64;
    /** Largest data field of one short command APDU. */
    public static final short MAX_SHORT_DATA = 255;

    // Status words (ISO 7816-4 meanings)
    public static final short SW_OK = (short) 0x9000;
    public static final short SW_BYTES_REMAINING = (short) 0x6100;
    public static final short SW_PIN_TRIES_LEFT = (short) 0x63C0;
    public static final short SW_WRONG_LENGTH = (short) 0x6700;
    public static final short SW_LAST_COMMAND_EXPECTED = (short) 0x6883;
    public static final short SW_CHAINING_NOT_SUPPORTED = (short) 0x6884;
    public static final short SW_SECURITY_STATUS_NOT_SATISFIED = (short) 0x6982;
    public static final short SW_AUTHENTICATION_BLOCKED = (short) 0x6983;
    public static final short SW_CONDITIONS_NOT_SATISFIED = (short) 0x6985;
    public static final short SW_WRONG_DATA = (short) 0x6A80;
    public static final short SW_FUNCTION_NOT_SUPPORTED = (short) 0x6A81;
    public static final short SW_NOT_ENOUGH_MEMORY = (short) 0x6A84;
    public static final short SW_INCORRECT_P1P2 = (short) 0x6A86;
    public static final short SW_DATA_NOT_FOUND = (short) 0x6A88;
    public static final short SW_DATA_EXISTS = (short) 0x6A89;
    public static final short SW_INS_NOT_SUPPORTED = (short) 0x6D00;
    public static final short SW_CLA_NOT_SUPPORTED = (short) 0x6E00;
    public static final short SW_UNKNOWN = (short) 0x6F00;
}

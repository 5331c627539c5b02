package keybound.applet;

/**
 * The PIV role's APDU protocol (NIST SP 800-73-4 part 2, plus Yubico's extensions that
 * yubico-piv-tool, ykman and yubikit send): instructions, key references, algorithm ids, data
 * object tags and the extra status words. Shared by the applet and the host; primitives only.
 * {@code token-applet/APDU.md} ("PIV role") describes each command.
 */
public final class PivProtocol {
    private PivProtocol() {
    }

    /** The PIV application's AID with its version (SP 800-73-4: the host may select the first 9 bytes). */
    public static byte[] aid() {
        return new byte[] {(byte) 0xA0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00};
    }

    /** Yubico's GET VERSION answer: the extension level this role implements (metadata, AES, delete). */
    public static final byte VERSION_MAJOR = 5;
    public static final byte VERSION_MINOR = 7;
    public static final byte VERSION_PATCH = 0;

    // Instructions (CLA 00; bit 10 of CLA chains)
    public static final byte INS_VERIFY = (byte) 0x20;
    public static final byte INS_CHANGE_REFERENCE_DATA = (byte) 0x24;
    public static final byte INS_RESET_RETRY_COUNTER = (byte) 0x2C;
    public static final byte INS_GENERATE_ASYMMETRIC = (byte) 0x47;
    public static final byte INS_GENERAL_AUTHENTICATE = (byte) 0x87;
    public static final byte INS_GET_DATA = (byte) 0xCB;
    public static final byte INS_PUT_DATA = (byte) 0xDB;
    public static final byte INS_GET_RESPONSE = (byte) 0xC0;
    // Yubico's extensions
    public static final byte INS_MOVE_KEY = (byte) 0xF6;
    public static final byte INS_GET_METADATA = (byte) 0xF7;
    public static final byte INS_GET_SERIAL = (byte) 0xF8;
    public static final byte INS_ATTEST = (byte) 0xF9;
    public static final byte INS_GET_VERSION = (byte) 0xFD;
    public static final byte INS_SET_MANAGEMENT_KEY = (byte) 0xFF;

    // Key references
    public static final byte REF_PIN = (byte) 0x80;
    public static final byte REF_PUK = (byte) 0x81;
    public static final byte REF_MANAGEMENT = (byte) 0x9B;
    public static final byte SLOT_AUTHENTICATION = (byte) 0x9A;
    public static final byte SLOT_SIGNATURE = (byte) 0x9C;
    public static final byte SLOT_KEY_MANAGEMENT = (byte) 0x9D;
    public static final byte SLOT_CARD_AUTHENTICATION = (byte) 0x9E;
    /** Yubico's attestation slot: its key is the card's attestation key. */
    public static final byte SLOT_ATTESTATION = (byte) 0xF9;

    // Algorithm identifiers (SP 800-78-4 table 6-2)
    public static final byte ALG_3DES = (byte) 0x03;
    public static final byte ALG_RSA_2048 = (byte) 0x07;
    public static final byte ALG_AES_128 = (byte) 0x08;
    public static final byte ALG_AES_192 = (byte) 0x0A;
    public static final byte ALG_AES_256 = (byte) 0x0C;
    public static final byte ALG_EC_P256 = (byte) 0x11;
    /** Metadata's algorithm byte for the PIN and PUK. */
    public static final byte ALG_PIN = (byte) 0xFF;

    // BER-TLV tags
    public static final byte TAG_OBJECT_ID = (byte) 0x5C;
    public static final byte TAG_OBJECT_DATA = (byte) 0x53;
    public static final byte TAG_CERTIFICATE = (byte) 0x70;
    public static final byte TAG_CERT_INFO = (byte) 0x71;
    public static final byte TAG_ERROR_DETECTION = (byte) 0xFE;
    public static final byte TAG_DYNAMIC_AUTH = (byte) 0x7C;
    public static final byte TAG_WITNESS = (byte) 0x80;
    public static final byte TAG_CHALLENGE = (byte) 0x81;
    public static final byte TAG_RESPONSE = (byte) 0x82;
    public static final byte TAG_EXPONENTIATION = (byte) 0x85;
    public static final byte TAG_KEY_TEMPLATE = (byte) 0xAC;
    public static final byte TAG_ALGORITHM = (byte) 0x80;
    public static final byte TAG_PIN_POLICY = (byte) 0xAA;
    public static final byte TAG_TOUCH_POLICY = (byte) 0xAB;
    public static final byte TAG_EC_POINT = (byte) 0x86;
    public static final byte TAG_RSA_MODULUS = (byte) 0x81;
    public static final byte TAG_RSA_EXPONENT = (byte) 0x82;

    // Data objects: the last byte of 5FC1xx, and the two that are named otherwise
    public static final byte OBJ_PREFIX_1 = (byte) 0x5F;
    public static final byte OBJ_PREFIX_2 = (byte) 0xC1;
    public static final byte OBJ_CERT_9E = (byte) 0x01;
    public static final byte OBJ_CHUID = (byte) 0x02;
    public static final byte OBJ_CERT_9A = (byte) 0x05;
    public static final byte OBJ_CCC = (byte) 0x07;
    public static final byte OBJ_CERT_9C = (byte) 0x0A;
    public static final byte OBJ_CERT_9D = (byte) 0x0B;
    public static final byte OBJ_KEY_HISTORY = (byte) 0x0C;
    /** The discovery object's one-byte tag. */
    public static final byte OBJ_DISCOVERY = (byte) 0x7E;
    /** Yubico's object for the attestation certificate: 5FFF01. */
    public static final byte OBJ_ATTESTATION_PREFIX_2 = (byte) 0xFF;
    public static final byte OBJ_ATTESTATION = (byte) 0x01;

    // Metadata tags (Yubico GET METADATA)
    public static final byte META_ALGORITHM = 0x01;
    public static final byte META_POLICY = 0x02;
    public static final byte META_ORIGIN = 0x03;
    public static final byte META_PUBLIC_KEY = 0x04;
    public static final byte META_DEFAULT = 0x05;
    public static final byte META_RETRIES = 0x06;

    public static final byte PIN_POLICY_DEFAULT = 0;
    public static final byte PIN_POLICY_ONCE = 2;
    public static final byte TOUCH_POLICY_DEFAULT = 0;
    public static final byte TOUCH_POLICY_NEVER = 1;

    /** PIN and PUK fields are 8 bytes, padded with FF. */
    public static final byte PIN_FIELD = 8;
    public static final byte PAD = (byte) 0xFF;

    // Status words beyond keybound's own (Protocol.SW_*)
    public static final short SW_FILE_NOT_FOUND = (short) 0x6A82;
    public static final short SW_REFERENCE_NOT_FOUND = (short) 0x6A88;
}

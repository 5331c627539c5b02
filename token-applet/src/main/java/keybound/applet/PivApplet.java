package keybound.applet;

import javacard.framework.AID;
import javacard.framework.APDU;
import javacard.framework.Applet;
import javacard.framework.ISO7816;
import javacard.framework.ISOException;
import javacard.framework.JCSystem;
import javacard.framework.Util;

/**
 * keybound's card in its PIV role (NIST SP 800-73-4 with Yubico's extensions), selected by the
 * PIV AID. It works on the keybound applet's own state (see {@link SharedCard}): PIV slots 9A,
 * 9C, 9D and 9E are keybound slots 0-3, the PIV PIN is the keybound PIN, the PUK the PUK.
 * {@link #process} only routes by INS; every exception leaves as a status word. APDU.md ("PIV
 * role") lists each command and its status words.
 */
public final class PivApplet extends Applet {

    private static final short WORK_SIZE = 640;
    /** PUT DATA of the largest certificate: 5C 03 id, 53 82 LL LL, 70 82 LL LL cert, 71 01 00, FE 00. */
    private static final short STAGING_SIZE = Protocol.MAX_CERTIFICATE + 32;
    /** Label keybound's own protocol shows for a key made through PIV: "PIV 9A" and so on. */
    private static final byte[] LABEL = {'P', 'I', 'V', ' ', '9', 'A'};
    private static final byte[] LABEL_SUFFIXES = {'A', 'C', 'D', 'E'};

    private SharedCard card;
    private final ManagementKey management = new ManagementKey();
    private final Chain chain = new Chain(STAGING_SIZE);
    private final Outbox outbox = new Outbox();
    private final byte[] work;
    private final byte[] label;
    private final short[] lengthOut;
    private PivObjects objects;
    private PivAttestation attestation;

    private PivApplet() {
        work = JCSystem.makeTransientByteArray(WORK_SIZE, JCSystem.CLEAR_ON_DESELECT);
        label = new byte[LABEL.length];
        Util.arrayCopyNonAtomic(LABEL, (short) 0, label, (short) 0, (short) LABEL.length);
        lengthOut = JCSystem.makeTransientShortArray((short) 1, JCSystem.CLEAR_ON_DESELECT);
    }

    public static void install(byte[] bArray, short bOffset, byte bLength) {
        new PivApplet().register();
    }

    /** Finds the keybound applet's state on first select; without it the PIV role cannot be selected. */
    @Override
    public boolean select() {
        if (card == null) {
            byte[] keybound = Protocol.aid();
            AID owner = JCSystem.lookupAID(keybound, (short) 0, (byte) keybound.length);
            if (owner == null) {
                return false;
            }
            SharedCard found = (SharedCard) JCSystem.getAppletShareableInterfaceObject(owner, (byte) 0);
            if (found == null) {
                return false;
            }
            objects = new PivObjects(found.attestor);
            attestation = new PivAttestation(found.attestor, found.slots, objects);
            card = found;
        }
        card.pins.forget();
        management.forget();
        chain.abort();
        return true;
    }

    @Override
    public void deselect() {
        if (card != null) {
            card.pins.forget();
        }
        management.forget();
        chain.abort();
    }

    @Override
    public void process(APDU apdu) {
        if (selectingApplet()) {
            outbox.send(apdu, PivObjects.APPLICATION_TEMPLATE, (short) 0, (short) PivObjects.APPLICATION_TEMPLATE.length);
            return;
        }
        try {
            route(apdu, apdu.getBuffer());
        } catch (RuntimeException e) {
            chain.fail(e);
        }
    }

    private void route(APDU apdu, byte[] buf) {
        byte cla = buf[ISO7816.OFFSET_CLA];
        byte ins = buf[ISO7816.OFFSET_INS];
        boolean more = (cla & Protocol.CLA_CHAINING_BIT) != 0;
        if ((byte) (cla & ~Protocol.CLA_CHAINING_BIT) != Protocol.CLA_ISO) {
            ISOException.throwIt(Protocol.SW_CLA_NOT_SUPPORTED);
        }
        if (ins != PivProtocol.INS_GET_RESPONSE) {
            outbox.clear();
        }
        if (chain.active() && !chain.continues(ins, buf[ISO7816.OFFSET_P1], buf[ISO7816.OFFSET_P2])) {
            chain.abort(); // an unfinished chain is dropped, never half-applied
        }
        if (more && ins != PivProtocol.INS_PUT_DATA && ins != PivProtocol.INS_GENERAL_AUTHENTICATE) {
            ISOException.throwIt(Protocol.SW_CHAINING_NOT_SUPPORTED);
        }
        if (ins == PivProtocol.INS_GET_RESPONSE) {
            outbox.getResponse(apdu);
            return;
        }
        card.requireLocked();
        switch (ins) {
            case PivProtocol.INS_GET_DATA -> getData(apdu, buf);
            case PivProtocol.INS_VERIFY -> verify(apdu, buf);
            case PivProtocol.INS_CHANGE_REFERENCE_DATA -> changeReference(apdu, buf);
            case PivProtocol.INS_RESET_RETRY_COUNTER -> resetRetryCounter(apdu, buf);
            case PivProtocol.INS_GENERAL_AUTHENTICATE -> collected(apdu, buf, more);
            case PivProtocol.INS_PUT_DATA -> collected(apdu, buf, more);
            case PivProtocol.INS_GENERATE_ASYMMETRIC -> generate(apdu, buf);
            case PivProtocol.INS_GET_VERSION -> version(apdu, buf);
            case PivProtocol.INS_GET_SERIAL -> serial(apdu, buf);
            case PivProtocol.INS_GET_METADATA -> metadata(apdu, buf);
            case PivProtocol.INS_ATTEST -> attest(apdu, buf);
            case PivProtocol.INS_SET_MANAGEMENT_KEY -> setManagementKey(apdu, buf);
            case PivProtocol.INS_MOVE_KEY -> deleteKey(apdu, buf);
            default -> ISOException.throwIt(Protocol.SW_INS_NOT_SUPPORTED);
        }
    }

    /** PIV slot reference to keybound slot 0-3, or -1. */
    private static byte slotOf(byte reference) {
        return switch (reference) {
            case PivProtocol.SLOT_AUTHENTICATION -> 0;
            case PivProtocol.SLOT_SIGNATURE -> 1;
            case PivProtocol.SLOT_KEY_MANAGEMENT -> 2;
            case PivProtocol.SLOT_CARD_AUTHENTICATION -> 3;
            default -> -1;
        };
    }

    /** Keybound slot 0-3 for a certificate object's last id byte, or -1. */
    private static byte slotOfObject(byte id) {
        return switch (id) {
            case PivProtocol.OBJ_CERT_9A -> 0;
            case PivProtocol.OBJ_CERT_9C -> 1;
            case PivProtocol.OBJ_CERT_9D -> 2;
            case PivProtocol.OBJ_CERT_9E -> 3;
            default -> -1;
        };
    }

    /** PUT DATA and GENERAL AUTHENTICATE: single commands work from the APDU buffer, chains from staging. */
    private void collected(APDU apdu, byte[] buf, boolean more) {
        byte ins = buf[ISO7816.OFFSET_INS];
        if (ins == PivProtocol.INS_PUT_DATA) {
            Apdus.checkP1P2(buf, (byte) 0x3F, (byte) 0xFF);
            management.require();
        }
        short length = Apdus.receive(apdu);
        byte[] data = buf;
        short offset = ISO7816.OFFSET_CDATA;
        if (more || chain.active()) {
            length = chain.collect(buf, ISO7816.OFFSET_CDATA, length, more);
            if (length < 0) {
                return;
            }
            data = chain.staged();
            offset = 0;
        }
        if (ins == PivProtocol.INS_PUT_DATA) {
            putData(data, offset, length);
        } else {
            generalAuthenticate(apdu, buf[ISO7816.OFFSET_P1], buf[ISO7816.OFFSET_P2], data, offset, length);
        }
    }

    /** Length of a PIN field without its FF padding. */
    private static byte unpadded(byte[] buf, short offset) {
        byte length = PivProtocol.PIN_FIELD;
        while (length > 0 && buf[(short) (offset + length - 1)] == PivProtocol.PAD) {
            length--;
        }
        return length;
    }

    /** VERIFY 00 20 00 80 with the PIN padded to 8 bytes; no data asks the state; P1 FF logs out. */
    private void verify(APDU apdu, byte[] buf) {
        byte p1 = buf[ISO7816.OFFSET_P1];
        if (p1 != 0 && p1 != Protocol.P1_LOGOUT) {
            ISOException.throwIt(Protocol.SW_INCORRECT_P1P2);
        }
        if (buf[ISO7816.OFFSET_P2] != PivProtocol.REF_PIN) {
            ISOException.throwIt(PivProtocol.SW_REFERENCE_NOT_FOUND);
        }
        short length = Apdus.receive(apdu);
        if (p1 == Protocol.P1_LOGOUT) {
            if (length != 0) {
                ISOException.throwIt(Protocol.SW_WRONG_LENGTH);
            }
            card.pins.forget();
        } else if (length == 0) {
            card.pins.reportState();
        } else if (length != PivProtocol.PIN_FIELD) {
            ISOException.throwIt(Protocol.SW_WRONG_DATA); // not a PIV PIN field: no try spent
        } else {
            card.pins.verify(buf, ISO7816.OFFSET_CDATA, unpadded(buf, ISO7816.OFFSET_CDATA));
        }
    }

    /** CHANGE REFERENCE DATA for the PIN (80) or the PUK (81): old and new, 8 padded bytes each. */
    private void changeReference(APDU apdu, byte[] buf) {
        byte reference = referenceOfPair(apdu, buf);
        short old = ISO7816.OFFSET_CDATA;
        short fresh = (short) (old + PivProtocol.PIN_FIELD);
        if (reference == PivProtocol.REF_PIN) {
            card.pins.change(buf, old, unpadded(buf, old), fresh, unpadded(buf, fresh));
        } else {
            card.pins.changePuk(buf, old, unpadded(buf, old), fresh, unpadded(buf, fresh));
        }
    }

    /** RESET RETRY COUNTER of the PIN with the PUK: PUK and new PIN, 8 padded bytes each. */
    private void resetRetryCounter(APDU apdu, byte[] buf) {
        if (referenceOfPair(apdu, buf) != PivProtocol.REF_PIN) {
            ISOException.throwIt(PivProtocol.SW_REFERENCE_NOT_FOUND);
        }
        short puk = ISO7816.OFFSET_CDATA;
        short fresh = (short) (puk + PivProtocol.PIN_FIELD);
        card.pins.unblock(buf, puk, unpadded(buf, puk), fresh, unpadded(buf, fresh));
    }

    /** Checks P1 00, P2 80/81 and 16 bytes of data; returns P2. */
    private static byte referenceOfPair(APDU apdu, byte[] buf) {
        if (buf[ISO7816.OFFSET_P1] != 0) {
            ISOException.throwIt(Protocol.SW_INCORRECT_P1P2);
        }
        byte reference = buf[ISO7816.OFFSET_P2];
        if (reference != PivProtocol.REF_PIN && reference != PivProtocol.REF_PUK) {
            ISOException.throwIt(PivProtocol.SW_REFERENCE_NOT_FOUND);
        }
        if (Apdus.receive(apdu) != 2 * PivProtocol.PIN_FIELD) {
            ISOException.throwIt(Protocol.SW_WRONG_DATA);
        }
        return reference;
    }

    /** GET DATA 00 CB 3F FF with 5C and the object's tag. */
    private void getData(APDU apdu, byte[] buf) {
        Apdus.checkP1P2(buf, (byte) 0x3F, (byte) 0xFF);
        short length = Apdus.receive(apdu);
        short at = ISO7816.OFFSET_CDATA;
        short end = (short) (at + length);
        short id = Ber.expect(buf, at, end, PivProtocol.TAG_OBJECT_ID);
        short idLength = Ber.valueLength(buf, at, end);
        if ((short) (id + idLength) != end) {
            ISOException.throwIt(Protocol.SW_WRONG_DATA);
        }
        if (idLength == 1 && buf[id] == PivProtocol.OBJ_DISCOVERY) {
            outbox.send(apdu, work, (short) 0, objects.writeDiscovery(work, (short) 0));
            return;
        }
        if (idLength != 3 || buf[id] != PivProtocol.OBJ_PREFIX_1) {
            ISOException.throwIt(PivProtocol.SW_FILE_NOT_FOUND);
        }
        byte second = buf[(short) (id + 1)];
        byte last = buf[(short) (id + 2)];
        if (second == PivProtocol.OBJ_ATTESTATION_PREFIX_2 && last == PivProtocol.OBJ_ATTESTATION) {
            if (!card.attestor.hasCertificate()) {
                ISOException.throwIt(PivProtocol.SW_FILE_NOT_FOUND);
            }
            sendCertificate(apdu, card.attestor.certificate(), card.attestor.certificateLength());
            return;
        }
        if (second != PivProtocol.OBJ_PREFIX_2) {
            ISOException.throwIt(PivProtocol.SW_FILE_NOT_FOUND);
        }
        switch (last) {
            case PivProtocol.OBJ_CHUID -> {
                outbox.send(apdu, work, (short) 0, objects.writeChuid(work, (short) 0));
                return;
            }
            case PivProtocol.OBJ_CCC -> {
                outbox.send(apdu, work, (short) 0, objects.writeCcc(work, (short) 0));
                return;
            }
            case PivProtocol.OBJ_KEY_HISTORY -> {
                outbox.send(apdu, work, (short) 0, objects.writeKeyHistory(work, (short) 0));
                return;
            }
            default -> {
                // a certificate object, answered below
            }
        }
        byte slot = slotOfObject(last);
        if (slot < 0 || card.slots.type(slot) == Protocol.KEY_NONE || card.slots.certificateLength(slot) == 0) {
            ISOException.throwIt(PivProtocol.SW_FILE_NOT_FOUND);
        }
        sendCertificate(apdu, card.slots.certificate(slot), card.slots.certificateLength(slot));
    }

    /** 53 { 70 cert, 71 01 00, FE 00 } without copying the certificate. */
    private void sendCertificate(APDU apdu, byte[] certificate, short length) {
        short inner = (short) (4 + length + PivObjects.CERTIFICATE_TRAILER.length);
        short p = Ber.header(work, (short) 0, PivProtocol.TAG_OBJECT_DATA, inner);
        p = Ber.header(work, p, PivProtocol.TAG_CERTIFICATE, length);
        outbox.send(apdu, work, (short) 0, p, certificate, (short) 0, length,
                PivObjects.CERTIFICATE_TRAILER, (short) 0, (short) PivObjects.CERTIFICATE_TRAILER.length);
    }

    /** PUT DATA of a certificate container (5C 03 5FC1xx, 53 {...}); an empty 53 deletes the certificate. */
    private void putData(byte[] data, short offset, short length) {
        short end = (short) (offset + length);
        short id = Ber.expect(data, offset, end, PivProtocol.TAG_OBJECT_ID);
        if (Ber.valueLength(data, offset, end) != 3 || data[id] != PivProtocol.OBJ_PREFIX_1
                || data[(short) (id + 1)] != PivProtocol.OBJ_PREFIX_2) {
            ISOException.throwIt(PivProtocol.SW_FILE_NOT_FOUND);
        }
        byte slot = slotOfObject(data[(short) (id + 2)]);
        if (slot < 0) {
            // CHUID, CCC and the rest are derived from the card's serial and cannot be written
            ISOException.throwIt(Protocol.SW_FUNCTION_NOT_SUPPORTED);
        }
        short object = Ber.next(data, offset, end);
        short value = Ber.expect(data, object, end, PivProtocol.TAG_OBJECT_DATA);
        short valueEnd = (short) (value + Ber.valueLength(data, object, end));
        if (valueEnd != end) {
            ISOException.throwIt(Protocol.SW_WRONG_DATA);
        }
        card.slots.requireKey(slot);
        if (value == valueEnd) {
            card.slots.clearCertificate(slot);
            return;
        }
        short certificate = Ber.expect(data, value, valueEnd, PivProtocol.TAG_CERTIFICATE);
        short certificateLength = Ber.valueLength(data, value, valueEnd);
        short info = Ber.find(data, (short) (certificate + certificateLength), valueEnd, PivProtocol.TAG_CERT_INFO);
        if (info >= 0 && (Ber.valueLength(data, info, valueEnd) != 1 || data[Ber.valueOffset(data, info, valueEnd)] != 0)) {
            ISOException.throwIt(Protocol.SW_WRONG_DATA); // compressed certificates are not taken
        }
        if (certificateLength == 0) {
            ISOException.throwIt(Protocol.SW_WRONG_DATA);
        }
        if (certificateLength > Protocol.MAX_CERTIFICATE) {
            ISOException.throwIt(Protocol.SW_NOT_ENOUGH_MEMORY);
        }
        card.slots.commitCertificate(slot, data, certificate, certificateLength);
    }

    /** GENERATE ASYMMETRIC KEY PAIR 00 47 00 slot, AC { 80 algorithm, AA pin policy?, AB touch policy? }. */
    private void generate(APDU apdu, byte[] buf) {
        management.require();
        if (buf[ISO7816.OFFSET_P1] != 0) {
            ISOException.throwIt(Protocol.SW_INCORRECT_P1P2);
        }
        byte slot = slotOf(buf[ISO7816.OFFSET_P2]);
        if (slot < 0) {
            ISOException.throwIt(Protocol.SW_INCORRECT_P1P2);
        }
        short length = Apdus.receive(apdu);
        short at = ISO7816.OFFSET_CDATA;
        short end = (short) (at + length);
        short template = Ber.expect(buf, at, end, PivProtocol.TAG_KEY_TEMPLATE);
        short templateEnd = (short) (template + Ber.valueLength(buf, at, end));
        if (templateEnd != end) {
            ISOException.throwIt(Protocol.SW_WRONG_DATA);
        }
        byte type = keyType(oneByte(buf, template, templateEnd, PivProtocol.TAG_ALGORITHM, (byte) -1));
        byte pinPolicy = oneByte(buf, template, templateEnd, PivProtocol.TAG_PIN_POLICY, PivProtocol.PIN_POLICY_DEFAULT);
        byte touchPolicy = oneByte(buf, template, templateEnd, PivProtocol.TAG_TOUCH_POLICY, PivProtocol.TOUCH_POLICY_DEFAULT);
        // keybound asks for the PIN once per session and never for a touch
        if ((pinPolicy != PivProtocol.PIN_POLICY_DEFAULT && pinPolicy != PivProtocol.PIN_POLICY_ONCE)
                || (touchPolicy != PivProtocol.TOUCH_POLICY_DEFAULT && touchPolicy != PivProtocol.TOUCH_POLICY_NEVER)) {
            ISOException.throwIt(Protocol.SW_WRONG_DATA);
        }
        if (!card.slots.available(type)) {
            ISOException.throwIt(Protocol.SW_FUNCTION_NOT_SUPPORTED);
        }
        if (card.slots.type(slot) != Protocol.KEY_NONE) {
            card.slots.delete(slot); // PIV generation replaces the slot's key
        }
        label[(short) (LABEL.length - 1)] = LABEL_SUFFIXES[slot];
        card.slots.generate(slot, type, label, (short) 0, (byte) label.length);
        outbox.send(apdu, work, (short) 0, writePublicKeyObject(slot, work, (short) 0));
    }

    /** 7F49 { key } at {@code offset}; returns the end. */
    private short writePublicKeyObject(byte slot, byte[] out, short offset) {
        short inner = card.slots.writePivPublicKey(slot, out, (short) (offset + 5));
        short headerSize = (short) (inner < 128 ? 3 : 5);
        short start = (short) (offset + 5 - headerSize);
        out[start] = 0x7F;
        Ber.header(out, (short) (start + 1), (byte) 0x49, inner);
        if (start != offset) {
            Util.arrayCopyNonAtomic(out, start, out, offset, (short) (headerSize + inner));
        }
        return (short) (offset + headerSize + inner);
    }

    /** The value of a one-byte TLV tagged {@code tag} in [from, end), {@code absent} without one; 6A80 if not one byte. */
    private static byte oneByte(byte[] buf, short from, short end, byte tag, byte absent) {
        short at = Ber.find(buf, from, end, tag);
        if (at < 0) {
            if (absent == (byte) -1) {
                ISOException.throwIt(Protocol.SW_WRONG_DATA);
            }
            return absent;
        }
        if (Ber.valueLength(buf, at, end) != 1) {
            ISOException.throwIt(Protocol.SW_WRONG_DATA);
        }
        return buf[Ber.valueOffset(buf, at, end)];
    }

    /** keybound key type for a PIV algorithm id; 6A80 for any other. */
    private static byte keyType(byte algorithm) {
        if (algorithm == PivProtocol.ALG_EC_P256) {
            return Protocol.KEY_EC_P256;
        }
        if (algorithm != PivProtocol.ALG_RSA_2048) {
            ISOException.throwIt(Protocol.SW_WRONG_DATA);
        }
        return Protocol.KEY_RSA_2048;
    }

    /**
     * GENERAL AUTHENTICATE: with 9B the management key's mutual authentication; with a key slot a
     * signature over {@code 7C { 82 00, 81 digest-or-padded-block }}, after VERIFY.
     */
    private void generalAuthenticate(APDU apdu, byte p1, byte reference, byte[] data, short offset, short length) {
        if (reference == PivProtocol.REF_MANAGEMENT) {
            outbox.send(apdu, work, (short) 0, management.authenticate(p1, data, offset, length, work));
            return;
        }
        byte slot = slotOf(reference);
        if (slot < 0) {
            ISOException.throwIt(PivProtocol.SW_REFERENCE_NOT_FOUND);
        }
        card.pins.requireVerified();
        short end = (short) (offset + length);
        short inner = Ber.expect(data, offset, end, PivProtocol.TAG_DYNAMIC_AUTH);
        short innerEnd = (short) (inner + Ber.valueLength(data, offset, end));
        if (innerEnd != end) {
            ISOException.throwIt(Protocol.SW_WRONG_DATA);
        }
        short response = Ber.find(data, inner, innerEnd, PivProtocol.TAG_RESPONSE);
        short challenge = Ber.find(data, inner, innerEnd, PivProtocol.TAG_CHALLENGE);
        if (response < 0 || Ber.valueLength(data, response, innerEnd) != 0 || challenge < 0) {
            ISOException.throwIt(Protocol.SW_WRONG_DATA); // only signing: no ECDH (85), no other exchange
        }
        short input = Ber.valueOffset(data, challenge, innerEnd);
        short inputLength = Ber.valueLength(data, challenge, innerEnd);
        byte type = card.slots.requireKey(slot);
        short signatureLength;
        if (p1 == PivProtocol.ALG_EC_P256 && type == Protocol.KEY_EC_P256) {
            if (inputLength != 32) {
                ISOException.throwIt(Protocol.SW_WRONG_DATA);
            }
            signatureLength = card.slots.signDigest(slot, data, input, work, (short) 8);
        } else if (p1 == PivProtocol.ALG_RSA_2048 && type == Protocol.KEY_RSA_2048) {
            if (inputLength != 256) {
                ISOException.throwIt(Protocol.SW_WRONG_DATA);
            }
            signatureLength = card.slots.rsaPrivate(slot, data, input, work, (short) 8);
        } else {
            signatureLength = 0;
            ISOException.throwIt(Protocol.SW_INCORRECT_P1P2);
        }
        // 7C { 82 signature } written in front of the signature at 8
        short innerLength = (short) (Ber.headerSize(signatureLength) + signatureLength);
        short start = (short) (8 - Ber.headerSize(signatureLength) - Ber.headerSize(innerLength));
        short p = Ber.header(work, start, PivProtocol.TAG_DYNAMIC_AUTH, innerLength);
        Ber.header(work, p, PivProtocol.TAG_RESPONSE, signatureLength);
        outbox.send(apdu, work, start, (short) (8 + signatureLength - start));
    }

    private void version(APDU apdu, byte[] buf) {
        Apdus.checkP1P2(buf, (byte) 0, (byte) 0);
        work[0] = PivProtocol.VERSION_MAJOR;
        work[1] = PivProtocol.VERSION_MINOR;
        work[2] = PivProtocol.VERSION_PATCH;
        outbox.send(apdu, work, (short) 0, (short) 3);
    }

    private void serial(APDU apdu, byte[] buf) {
        Apdus.checkP1P2(buf, (byte) 0, (byte) 0);
        outbox.send(apdu, work, (short) 0, objects.writeSerialNumber(work, (short) 0, work));
    }

    /** Yubico GET METADATA 00 F7 00 reference: PIN, PUK, management key or a key slot. */
    private void metadata(APDU apdu, byte[] buf) {
        if (buf[ISO7816.OFFSET_P1] != 0) {
            ISOException.throwIt(Protocol.SW_INCORRECT_P1P2);
        }
        byte reference = buf[ISO7816.OFFSET_P2];
        short p = 0;
        if (reference == PivProtocol.REF_PIN || reference == PivProtocol.REF_PUK) {
            boolean pin = reference == PivProtocol.REF_PIN;
            p = tlv1(work, p, PivProtocol.META_ALGORITHM, PivProtocol.ALG_PIN);
            p = tlv1(work, p, PivProtocol.META_DEFAULT, (byte) 0); // set at personalisation, never a factory default
            p = Ber.header(work, p, PivProtocol.META_RETRIES, (short) 2);
            work[p++] = pin ? Protocol.PIN_TRIES : Protocol.PUK_TRIES;
            work[p++] = pin ? card.pins.pinTries() : card.pins.pukTries();
        } else if (reference == PivProtocol.REF_MANAGEMENT) {
            p = tlv1(work, p, PivProtocol.META_ALGORITHM, management.algorithm());
            p = Ber.header(work, p, PivProtocol.META_POLICY, (short) 2);
            work[p++] = PivProtocol.PIN_POLICY_DEFAULT;
            work[p++] = PivProtocol.TOUCH_POLICY_NEVER;
            p = tlv1(work, p, PivProtocol.META_DEFAULT, (byte) (management.isDefault() ? 1 : 0));
        } else {
            byte slot = slotOf(reference);
            if (slot < 0) {
                ISOException.throwIt(PivProtocol.SW_REFERENCE_NOT_FOUND);
            }
            byte type = card.slots.requireKey(slot);
            p = tlv1(work, p, PivProtocol.META_ALGORITHM,
                    type == Protocol.KEY_EC_P256 ? PivProtocol.ALG_EC_P256 : PivProtocol.ALG_RSA_2048);
            p = Ber.header(work, p, PivProtocol.META_POLICY, (short) 2);
            work[p++] = PivProtocol.PIN_POLICY_ONCE;
            work[p++] = PivProtocol.TOUCH_POLICY_NEVER;
            p = tlv1(work, p, PivProtocol.META_ORIGIN, (byte) 1); // generated on the card
            short keyAt = (short) (p + 4);
            short keyLength = card.slots.writePivPublicKey(slot, work, keyAt);
            short headerAt = (short) (keyAt - Ber.headerSize(keyLength));
            Ber.header(work, headerAt, PivProtocol.META_PUBLIC_KEY, keyLength);
            if (headerAt != p) {
                Util.arrayCopyNonAtomic(work, headerAt, work, p, (short) (keyAt + keyLength - headerAt));
            }
            p += (short) (keyAt + keyLength - headerAt);
        }
        outbox.send(apdu, work, (short) 0, p);
    }

    private static short tlv1(byte[] out, short p, byte tag, byte value) {
        out[p++] = tag;
        out[p++] = 1;
        out[p++] = value;
        return p;
    }

    /** Yubico ATTEST 00 F9 slot 00: the slot's attestation certificate, built and signed on the card. */
    private void attest(APDU apdu, byte[] buf) {
        if (buf[ISO7816.OFFSET_P2] != 0) {
            ISOException.throwIt(Protocol.SW_INCORRECT_P1P2);
        }
        byte reference = buf[ISO7816.OFFSET_P1];
        byte slot = slotOf(reference);
        if (slot < 0) {
            ISOException.throwIt(Protocol.SW_INCORRECT_P1P2);
        }
        byte[] out = chain.staged();
        short start = attestation.certify(slot, reference, out, work, lengthOut);
        outbox.send(apdu, out, start, lengthOut[0]);
    }

    /** Yubico SET MANAGEMENT KEY 00 FF FF FF: algorithm 9B length key (touch, P2 FE, is not offered). */
    private void setManagementKey(APDU apdu, byte[] buf) {
        Apdus.checkP1P2(buf, (byte) 0xFF, (byte) 0xFF);
        management.set(buf, ISO7816.OFFSET_CDATA, Apdus.receive(apdu));
    }

    /** Yubico MOVE KEY with P1 FF: deletes the key in slot P2 (moving keys is not offered). */
    private void deleteKey(APDU apdu, byte[] buf) {
        management.require();
        byte slot = slotOf(buf[ISO7816.OFFSET_P2]);
        if (buf[ISO7816.OFFSET_P1] != (byte) 0xFF || slot < 0) {
            ISOException.throwIt(Protocol.SW_INCORRECT_P1P2);
        }
        if (Apdus.receive(apdu) != 0) {
            ISOException.throwIt(Protocol.SW_WRONG_LENGTH);
        }
        card.slots.delete(slot);
    }
}

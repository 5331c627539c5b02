package keybound.applet;

import javacard.framework.AID;
import javacard.framework.APDU;
import javacard.framework.Applet;
import javacard.framework.ISO7816;
import javacard.framework.ISOException;
import javacard.framework.JCSystem;
import javacard.framework.Shareable;
import javacard.security.Signature;

/**
 * keybound's card applet: a PIN-protected signer with key slots, certificate storage and
 * attestation. {@link #process} only routes by INS; every exception leaves as a status word.
 *
 * <p>All memory is allocated at install: card EEPROM cannot be reclaimed reliably and an
 * allocation failing later, mid-command, would leave the card half-updated.
 */
public final class KeyboundApplet extends Applet {

    private static final short WORK_SIZE = 512;

    private final Pins pins = new Pins();
    private final EcKeyMaker ecKeys = new EcKeyMaker();
    private final KeySlots slots = new KeySlots(ecKeys);
    private final Attestor attestor = new Attestor(ecKeys);
    private final Chain chain = new Chain();
    private final Outbox outbox = new Outbox();
    private final byte[] work;
    private final Personalisation personalisation = new Personalisation(pins, attestor, chain, outbox);
    private final SharedCard shared = new SharedCard(pins, slots, attestor, personalisation);

    private KeyboundApplet() {
        work = JCSystem.makeTransientByteArray(WORK_SIZE, JCSystem.CLEAR_ON_DESELECT);
    }

    public static void install(byte[] bArray, short bOffset, byte bLength) {
        new KeyboundApplet().register();
    }

    /** The card state, for the PIV applet only (see {@link PivApplet}). */
    @Override
    public Shareable getShareableInterfaceObject(AID client, byte parameter) {
        byte[] piv = PivProtocol.aid();
        return client != null && client.equals(piv, (short) 0, (byte) piv.length) ? shared : null;
    }

    @Override
    public boolean select() {
        pins.forget();
        chain.abort();
        return true;
    }

    @Override
    public void deselect() {
        pins.forget();
        chain.abort();
    }

    @Override
    public void process(APDU apdu) {
        if (selectingApplet()) {
            sendStatus(apdu);
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
        byte base = (byte) (cla & ~Protocol.CLA_CHAINING_BIT);
        if (ins != Protocol.INS_GET_RESPONSE) {
            outbox.clear();
        }
        if (chain.active() && !chain.continues(ins, buf[ISO7816.OFFSET_P1], buf[ISO7816.OFFSET_P2])) {
            chain.abort(); // an unfinished chain is dropped, never half-applied
        }
        checkClass(ins, base);
        if (more && ins != Protocol.INS_SIGN && ins != Protocol.INS_PUT_CERTIFICATE
                && ins != Protocol.INS_PUT_ATTESTATION_CERTIFICATE) {
            ISOException.throwIt(Protocol.SW_CHAINING_NOT_SUPPORTED);
        }
        personalisation.check(ins);
        switch (ins) {
            case Protocol.INS_GET_RESPONSE -> outbox.getResponse(apdu);
            case Protocol.INS_GET_STATUS -> sendStatus(apdu);
            case Protocol.INS_VERIFY -> verify(apdu, buf);
            case Protocol.INS_CHANGE_REFERENCE_DATA -> changePin(apdu, buf);
            case Protocol.INS_RESET_RETRY_COUNTER -> unblockPin(apdu, buf);
            case Protocol.INS_LIST_SLOTS -> listSlots(apdu);
            case Protocol.INS_GENERATE_KEY -> generate(apdu, buf);
            case Protocol.INS_GET_PUBLIC_KEY -> publicKey(apdu, buf);
            case Protocol.INS_SIGN -> sign(apdu, buf, more);
            case Protocol.INS_PUT_CERTIFICATE -> putCertificate(apdu, buf, more);
            case Protocol.INS_GET_CERTIFICATE -> getCertificate(apdu, buf);
            case Protocol.INS_DELETE_KEY -> delete(buf);
            case Protocol.INS_ATTEST -> attest(apdu, buf);
            case Protocol.INS_GET_ATTESTATION_CERTIFICATE -> getAttestationCertificate(apdu);
            case Protocol.INS_PERSONALISE -> personalisation.personalise(apdu, buf, work);
            case Protocol.INS_PUT_ATTESTATION_CERTIFICATE -> personalisation.putAttestationCertificate(apdu, buf, more);
            case Protocol.INS_LOCK_PERSONALISATION -> personalisation.lock();
            default -> ISOException.throwIt(Protocol.SW_INS_NOT_SUPPORTED);
        }
    }

    /** ISO commands use CLA 00, ours CLA 80 (each with the chaining bit allowed); 6D00 for unknown INS. */
    private static void checkClass(byte ins, byte base) {
        boolean iso = ins == Protocol.INS_GET_RESPONSE || ins == Protocol.INS_VERIFY
                || ins == Protocol.INS_CHANGE_REFERENCE_DATA || ins == Protocol.INS_RESET_RETRY_COUNTER;
        if (base != Protocol.CLA_ISO && base != Protocol.CLA_PROPRIETARY) {
            ISOException.throwIt(Protocol.SW_CLA_NOT_SUPPORTED);
        }
        if (!iso && !isProprietary(ins)) {
            ISOException.throwIt(Protocol.SW_INS_NOT_SUPPORTED);
        }
        if (base != (iso ? Protocol.CLA_ISO : Protocol.CLA_PROPRIETARY)) {
            ISOException.throwIt(Protocol.SW_CLA_NOT_SUPPORTED);
        }
    }

    private static boolean isProprietary(byte ins) {
        return switch (ins) {
            case Protocol.INS_GET_STATUS, Protocol.INS_LIST_SLOTS, Protocol.INS_GENERATE_KEY,
                    Protocol.INS_GET_PUBLIC_KEY, Protocol.INS_SIGN, Protocol.INS_PUT_CERTIFICATE,
                    Protocol.INS_GET_CERTIFICATE, Protocol.INS_DELETE_KEY, Protocol.INS_ATTEST,
                    Protocol.INS_GET_ATTESTATION_CERTIFICATE, Protocol.INS_PERSONALISE,
                    Protocol.INS_PUT_ATTESTATION_CERTIFICATE, Protocol.INS_LOCK_PERSONALISATION -> true;
            default -> false;
        };
    }

    /** version lifecycle pinTries pukTries slotCount maxCertificate(2) pinVerified serialLength serial */
    private void sendStatus(APDU apdu) {
        short p = 0;
        work[p++] = Protocol.VERSION;
        work[p++] = personalisation.lifecycle();
        work[p++] = pins.pinTries();
        work[p++] = pins.pukTries();
        work[p++] = Protocol.SLOT_COUNT;
        p = javacard.framework.Util.setShort(work, p, Protocol.MAX_CERTIFICATE);
        work[p++] = (byte) (pins.verified() ? 1 : 0);
        p += attestor.writeSerial(work, p);
        outbox.send(apdu, work, (short) 0, p);
    }

    private void verify(APDU apdu, byte[] buf) {
        if (buf[ISO7816.OFFSET_P2] != Protocol.P2_PIN
                || (buf[ISO7816.OFFSET_P1] != 0 && buf[ISO7816.OFFSET_P1] != Protocol.P1_LOGOUT)) {
            ISOException.throwIt(Protocol.SW_INCORRECT_P1P2);
        }
        short length = Apdus.receive(apdu);
        if (buf[ISO7816.OFFSET_P1] == Protocol.P1_LOGOUT) {
            if (length != 0) {
                ISOException.throwIt(Protocol.SW_WRONG_LENGTH);
            }
            pins.forget();
        } else if (length == 0) {
            pins.reportState();
        } else {
            pins.verify(buf, ISO7816.OFFSET_CDATA, length);
        }
    }

    /** Data: oldLength old newLength new. */
    private void changePin(APDU apdu, byte[] buf) {
        Apdus.checkP1P2(buf, (byte) 0, Protocol.P2_PIN);
        short length = Apdus.receive(apdu);
        short oldOffset = ISO7816.OFFSET_CDATA;
        byte oldLength = Apdus.lengthAt(buf, oldOffset, length);
        short newAt = (short) (oldOffset + 1 + oldLength);
        byte newLength = Apdus.lengthAt(buf, newAt, length);
        Apdus.requireEnd(newAt, newLength, length);
        pins.change(buf, (short) (oldOffset + 1), oldLength, (short) (newAt + 1), newLength);
    }

    /** Data: pukLength puk newLength new. */
    private void unblockPin(APDU apdu, byte[] buf) {
        Apdus.checkP1P2(buf, (byte) 0, Protocol.P2_PIN);
        short length = Apdus.receive(apdu);
        short pukAt = ISO7816.OFFSET_CDATA;
        byte pukLength = Apdus.lengthAt(buf, pukAt, length);
        short newAt = (short) (pukAt + 1 + pukLength);
        byte newLength = Apdus.lengthAt(buf, newAt, length);
        Apdus.requireEnd(newAt, newLength, length);
        pins.unblock(buf, (short) (pukAt + 1), pukLength, (short) (newAt + 1), newLength);
    }

    private void listSlots(APDU apdu) {
        short p = 0;
        for (byte s = 0; s < Protocol.SLOT_COUNT; s++) {
            p += slots.writeEntry(s, work, p);
        }
        outbox.send(apdu, work, (short) 0, p);
    }

    /** P1 slot, P2 key type, data label. Answers with the public key. */
    private void generate(APDU apdu, byte[] buf) {
        pins.requireVerified();
        short length = Apdus.receive(apdu);
        if (length > Protocol.MAX_LABEL) {
            ISOException.throwIt(Protocol.SW_WRONG_LENGTH);
        }
        byte slot = buf[ISO7816.OFFSET_P1];
        slots.generate(slot, buf[ISO7816.OFFSET_P2], buf, ISO7816.OFFSET_CDATA, (byte) length);
        outbox.send(apdu, work, (short) 0, slots.writePublicKey(slot, work, (short) 0));
    }

    private void publicKey(APDU apdu, byte[] buf) {
        Apdus.checkP2Zero(buf);
        byte slot = buf[ISO7816.OFFSET_P1];
        outbox.send(apdu, work, (short) 0, slots.writePublicKey(slot, work, (short) 0));
    }

    /** P1 slot, P2 algorithm, data the message (chained when long). Answers with the signature. */
    private void sign(APDU apdu, byte[] buf, boolean more) {
        pins.requireVerified();
        short length = Apdus.receive(apdu);
        if (length == 0) {
            ISOException.throwIt(Protocol.SW_WRONG_LENGTH);
        }
        byte slot = buf[ISO7816.OFFSET_P1];
        byte algorithm = buf[ISO7816.OFFSET_P2];
        Signature signature;
        if (chain.active()) {
            signature = slots.signatureInProgress(slot, algorithm);
        } else {
            signature = slots.beginSign(slot, algorithm);
            if (more) {
                chain.start(Protocol.INS_SIGN, slot, algorithm);
            }
        }
        if (more) {
            slots.chainedPart(slot, algorithm);
            signature.update(buf, ISO7816.OFFSET_CDATA, length);
            return;
        }
        chain.abort();
        short sigLength = signature.sign(buf, ISO7816.OFFSET_CDATA, length, work, (short) 0);
        slots.signed(slot);
        outbox.send(apdu, work, (short) 0, sigLength);
    }

    /** P1 slot; the first part starts with the certificate's total length (2 bytes). */
    private void putCertificate(APDU apdu, byte[] buf, boolean more) {
        pins.requireVerified();
        Apdus.checkP2Zero(buf);
        byte slot = buf[ISO7816.OFFSET_P1];
        slots.requireKey(slot);
        short complete = chain.receivePart(apdu, buf, more);
        if (complete >= 0) {
            slots.commitCertificate(slot, chain.staged(), complete);
        }
    }

    private void getCertificate(APDU apdu, byte[] buf) {
        Apdus.checkP2Zero(buf);
        byte slot = buf[ISO7816.OFFSET_P1];
        slots.requireKey(slot);
        short length = slots.certificateLength(slot);
        if (length == 0) {
            ISOException.throwIt(Protocol.SW_DATA_NOT_FOUND);
        }
        outbox.send(apdu, slots.certificate(slot), (short) 0, length);
    }

    private void delete(byte[] buf) {
        pins.requireVerified();
        Apdus.checkP2Zero(buf);
        slots.delete(buf[ISO7816.OFFSET_P1]);
    }

    /** P1 slot, data the host's nonce. Answers dataLength(2) AttestationData signature. */
    private void attest(APDU apdu, byte[] buf) {
        Apdus.checkP2Zero(buf);
        short length = Apdus.receive(apdu);
        if (length < Protocol.NONCE_MIN || length > Protocol.NONCE_MAX) {
            ISOException.throwIt(Protocol.SW_WRONG_LENGTH);
        }
        byte slot = buf[ISO7816.OFFSET_P1];
        slots.requireKey(slot);
        short total = attestor.attest(slots, slot, buf, ISO7816.OFFSET_CDATA, (byte) length, work);
        outbox.send(apdu, work, (short) 0, total);
    }

    private void getAttestationCertificate(APDU apdu) {
        if (!attestor.hasCertificate()) {
            ISOException.throwIt(Protocol.SW_DATA_NOT_FOUND);
        }
        outbox.send(apdu, attestor.certificate(), (short) 0, attestor.certificateLength());
    }
}

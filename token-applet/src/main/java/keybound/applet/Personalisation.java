package keybound.applet;

import javacard.framework.APDU;
import javacard.framework.ISO7816;
import javacard.framework.ISOException;

/**
 * The card's lifecycle: blank, personalising (PIN, PUK, serial and attestation key set), locked.
 * Personalisation commands work only before the lock, every other command only after it.
 */
final class Personalisation {
    private final Pins pins;
    private final Attestor attestor;
    private final Chain chain;
    private final Outbox outbox;
    private byte lifecycle = Protocol.LIFECYCLE_BLANK;

    Personalisation(Pins pins, Attestor attestor, Chain chain, Outbox outbox) {
        this.pins = pins;
        this.attestor = attestor;
        this.chain = chain;
        this.outbox = outbox;
    }

    byte lifecycle() {
        return lifecycle;
    }

    /** 6985 unless {@code ins} is allowed in the current lifecycle state. */
    void check(byte ins) {
        switch (ins) {
            case Protocol.INS_GET_RESPONSE, Protocol.INS_GET_STATUS, Protocol.INS_GET_ATTESTATION_CERTIFICATE -> {
            }
            case Protocol.INS_PERSONALISE, Protocol.INS_PUT_ATTESTATION_CERTIFICATE, Protocol.INS_LOCK_PERSONALISATION -> {
                if (lifecycle == Protocol.LIFECYCLE_LOCKED) {
                    ISOException.throwIt(Protocol.SW_CONDITIONS_NOT_SATISFIED);
                }
            }
            default -> {
                if (lifecycle != Protocol.LIFECYCLE_LOCKED) {
                    ISOException.throwIt(Protocol.SW_CONDITIONS_NOT_SATISFIED);
                }
            }
        }
    }

    /** Data: pinLength pin pukLength puk serialLength serial. Answers the attestation public key. */
    void personalise(APDU apdu, byte[] buf, byte[] work) {
        Apdus.checkP1P2(buf, (byte) 0, (byte) 0);
        short length = Apdus.receive(apdu);
        short pinAt = ISO7816.OFFSET_CDATA;
        byte pinLength = Apdus.lengthAt(buf, pinAt, length);
        short pukAt = (short) (pinAt + 1 + pinLength);
        byte pukLength = Apdus.lengthAt(buf, pukAt, length);
        short serialAt = (short) (pukAt + 1 + pukLength);
        byte serialLength = Apdus.lengthAt(buf, serialAt, length);
        Apdus.requireEnd(serialAt, serialLength, length);
        Pins.checkPinFormat(buf, (short) (pinAt + 1), pinLength);
        Pins.checkPukFormat(buf, (short) (pukAt + 1), pukLength);
        Attestor.checkSerial(buf, (short) (serialAt + 1), serialLength);
        pins.set(buf, (short) (pinAt + 1), pinLength, (short) (pukAt + 1));
        short keyLength = attestor.personalise(buf, (short) (serialAt + 1), serialLength, work, (short) 0);
        lifecycle = Protocol.LIFECYCLE_PERSONALISING;
        outbox.send(apdu, work, (short) 0, keyLength);
    }

    void putAttestationCertificate(APDU apdu, byte[] buf, boolean more) {
        Apdus.checkP1P2(buf, (byte) 0, (byte) 0);
        if (lifecycle != Protocol.LIFECYCLE_PERSONALISING) {
            ISOException.throwIt(Protocol.SW_CONDITIONS_NOT_SATISFIED);
        }
        short complete = chain.receivePart(apdu, buf, more);
        if (complete >= 0) {
            attestor.commitCertificate(chain.staged(), complete);
        }
    }

    void lock() {
        if (lifecycle != Protocol.LIFECYCLE_PERSONALISING || !attestor.hasCertificate()) {
            ISOException.throwIt(Protocol.SW_CONDITIONS_NOT_SATISFIED);
        }
        lifecycle = Protocol.LIFECYCLE_LOCKED;
    }
}

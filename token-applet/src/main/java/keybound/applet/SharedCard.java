package keybound.applet;

import javacard.framework.ISOException;
import javacard.framework.Shareable;

/**
 * The one card state both roles work on: the PIN and PUK, the key slots and the attestor. The
 * keybound applet owns it and hands it to the PIV applet of the same package (same firewall
 * context), so a key made through either protocol is the same key, behind the same PIN.
 */
final class SharedCard implements Shareable {
    final Pins pins;
    final KeySlots slots;
    final Attestor attestor;
    final Personalisation personalisation;

    SharedCard(Pins pins, KeySlots slots, Attestor attestor, Personalisation personalisation) {
        this.pins = pins;
        this.slots = slots;
        this.attestor = attestor;
        this.personalisation = personalisation;
    }

    /** 6985 until the card has been personalised and locked. */
    void requireLocked() {
        if (personalisation.lifecycle() != Protocol.LIFECYCLE_LOCKED) {
            ISOException.throwIt(Protocol.SW_CONDITIONS_NOT_SATISFIED);
        }
    }
}

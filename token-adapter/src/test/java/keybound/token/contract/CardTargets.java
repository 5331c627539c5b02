package keybound.token.contract;

import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import keybound.applet.Protocol;
import keybound.cardsim.ManufacturerCa;
import keybound.cardsim.SimulatedCard;
import keybound.token.KeyAlgorithm;
import keybound.token.Token;
import keybound.token.TokenSelector;
import keybound.token.card.CardTokenSource;

/**
 * What the keybound applet can do, whichever way the card is reached: 3 PIN tries reported by
 * count, 4 key slots, certificate storage, EC and RSA. Each test gets a newly personalised card.
 */
abstract class CardTargets implements TokenTarget {

    static final ManufacturerCa MANUFACTURER = ManufacturerCa.create("keybound contract manufacturer");

    @Override
    public String userPin() {
        return SimulatedCard.PIN;
    }

    @Override
    public String unblockSecret() {
        return SimulatedCard.PUK;
    }

    /** The card takes 6-8 digits only. */
    @Override
    public String otherValidPin() {
        return "47110815";
    }

    @Override
    public Set<KeyAlgorithm> algorithms() {
        return EnumSet.allOf(KeyAlgorithm.class);
    }

    @Override
    public Optional<String> lacks(Capability capability) {
        return capability == Capability.MAC_KEYS || capability == Capability.SEALING_KEYS
                ? Optional.of("the keybound applet holds key pairs only; it has no secret-key slots, HMAC or AES")
                : Optional.empty();
    }

    @Override
    public OptionalInt pinTryLimit() {
        return OptionalInt.of(Protocol.PIN_TRIES);
    }

    @Override
    public OptionalInt keyCapacity() {
        return OptionalInt.of(Protocol.SLOT_COUNT);
    }

    @Override
    public String toString() {
        return name();
    }

    static Token tokenOf(CardTokenSource source, SimulatedCard card) {
        return source.token(TokenSelector.serial(card.serial()));
    }
}

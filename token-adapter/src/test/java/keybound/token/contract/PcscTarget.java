package keybound.token.contract;

import java.util.function.Function;
import keybound.cardsim.SimulatedCard;
import keybound.testkit.pcsc.VirtualReader;
import keybound.token.Secret;
import keybound.token.Token;
import keybound.token.TokenInfo;
import keybound.token.TokenSession;
import keybound.token.card.CardTokenSource;

/**
 * The applet in jcardsim inserted into the vpcd reader of a real pcscd, reached through the JDK's
 * PC/SC provider as a card in a USB reader. The reader holds one card: a fresh token takes the
 * previous card out (even if its test failed before closing it).
 */
final class PcscTarget extends CardTargets {

    private final String name;
    private final Function<SimulatedCard, Token> opener;
    private VirtualReader reader;

    /** The card through keybound's own protocol. */
    PcscTarget() {
        this("pcsc", card -> tokenOf(CardTokenSource.pcsc(), card));
    }

    /** @param opener finds the inserted card among the PC/SC readers */
    PcscTarget(String name, Function<SimulatedCard, Token> opener) {
        this.name = name;
        this.opener = opener;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized Token freshToken() {
        if (reader != null) {
            reader.close();
        }
        SimulatedCard card = SimulatedCard.personalised(MANUFACTURER);
        reader = VirtualReader.insert(card.simulator());
        return new EjectingToken(opener.apply(card), reader);
    }

    /** Closing the token also takes the card out of the reader. */
    private record EjectingToken(Token token, VirtualReader reader) implements Token {
        @Override
        public TokenInfo info() {
            return token.info();
        }

        @Override
        public TokenSession open(Secret pin) {
            return token.open(pin);
        }

        @Override
        public void changePin(Secret oldPin, Secret newPin) {
            token.changePin(oldPin, newPin);
        }

        @Override
        public void unblockPin(Secret unblockSecret, Secret newPin) {
            token.unblockPin(unblockSecret, newPin);
        }

        @Override
        public void close() {
            try {
                token.close();
            } finally {
                reader.close();
            }
        }
    }
}

package keybound.token.contract;

import keybound.cardsim.SimulatedCard;
import keybound.token.Token;
import keybound.token.card.CardTokenSource;

/** The applet in an in-process jcardsim card, reached through jcardsim's javax.smartcardio terminal. */
final class JcardsimTarget extends CardTargets {

    @Override
    public String name() {
        return "jcardsim";
    }

    @Override
    public Token freshToken() {
        SimulatedCard card = SimulatedCard.personalised(MANUFACTURER);
        return tokenOf(CardTokenSource.of(card.terminal()), card);
    }
}

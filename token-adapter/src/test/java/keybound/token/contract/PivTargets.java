package keybound.token.contract;

import keybound.cardsim.SimulatedCard;
import keybound.token.Token;
import keybound.token.TokenSelector;
import keybound.token.piv.ManagementKey;
import keybound.token.piv.PivTokenSource;

/**
 * The PIV client ({@code keybound.token.piv}, on yubikit) against keybound's card in its PIV role:
 * in jcardsim's own terminal, and through pcscd and vpcd as a card in a USB reader.
 */
final class PivTargets {

    private PivTargets() {
    }

    static TokenTarget jcardsim() {
        return new CardTargets() {
            @Override
            public String name() {
                return "piv-jcardsim";
            }

            @Override
            public Token freshToken() {
                SimulatedCard card = SimulatedCard.personalised(MANUFACTURER);
                return PivTokenSource.of(ManagementKey.FACTORY_DEFAULT, card.terminal())
                        .token(TokenSelector.serial(card.serial()));
            }
        };
    }

    static TokenTarget pcsc() {
        return new PcscTarget("piv-pcsc", card -> PivTokenSource.pcsc(ManagementKey.FACTORY_DEFAULT)
                .token(TokenSelector.serial(card.serial())));
    }
}

package keybound.token.card;

import java.util.concurrent.atomic.AtomicReference;
import keybound.token.Secret;
import keybound.token.Token;
import keybound.token.TokenSelector;
import keybound.token.card.transport.CountingTransport;
import keybound.cardsim.ManufacturerCa;
import keybound.cardsim.SimulatedCard;

/** A personalised simulated card behind the Token API, with the APDUs reaching the card counted. */
final class CardFixture implements AutoCloseable {
    static final ManufacturerCa MANUFACTURER = ManufacturerCa.create("keybound test manufacturer");

    final SimulatedCard card;
    final CardTokenSource source;
    private final AtomicReference<CountingTransport> counter = new AtomicReference<>();

    /** A fresh card in jcardsim's in-process terminal. */
    CardFixture() {
        this(SimulatedCard.personalised(MANUFACTURER), null);
    }

    private CardFixture(SimulatedCard card, CardTokenSource source) {
        this.card = card;
        this.source = (source != null ? source : CardTokenSource.of(card.terminal())).withDecorator(t -> {
            var counting = new CountingTransport(t);
            counter.set(counting);
            return counting;
        });
    }

    /** {@code card}, found among the readers of {@code source} (e.g. every PC/SC reader). */
    static CardFixture through(SimulatedCard card, CardTokenSource source) {
        return new CardFixture(card, source);
    }

    Token token() {
        return source.token(TokenSelector.serial(card.serial()));
    }

    long apdus() {
        return counter.get().count();
    }

    static Secret pin() {
        return Secret.of(SimulatedCard.PIN);
    }

    @Override
    public void close() {
        source.close();
    }
}

package keybound.token.card;

import java.util.concurrent.atomic.AtomicReference;
import javax.smartcardio.CardTerminal;
import keybound.token.Pin;
import keybound.token.Token;
import keybound.token.TokenSelector;
import keybound.token.card.transport.CountingTransport;
import keybound.testkit.card.ManufacturerCa;
import keybound.testkit.card.SimulatedCard;

/** A personalised simulated card behind the Token API, with the APDUs reaching the card counted. */
final class CardFixture implements AutoCloseable {
    static final ManufacturerCa MANUFACTURER = ManufacturerCa.create("keybound test manufacturer");

    final SimulatedCard card;
    final CardTokenSource source;
    private final AtomicReference<CountingTransport> counter = new AtomicReference<>();

    CardFixture() {
        this(SimulatedCard.personalised(MANUFACTURER), null);
    }

    private CardFixture(SimulatedCard card, CardTerminal terminal) {
        this.card = card;
        this.source = CardTokenSource.of(terminal != null ? terminal : card.terminal()).withDecorator(t -> {
            var counting = new CountingTransport(t);
            counter.set(counting);
            return counting;
        });
    }

    /** The same fixture reached through another terminal (e.g. the PC/SC reader). */
    static CardFixture through(SimulatedCard card, CardTerminal terminal) {
        return new CardFixture(card, terminal);
    }

    Token token() {
        return source.token(TokenSelector.serial(card.serial()));
    }

    long apdus() {
        return counter.get().count();
    }

    static Pin pin() {
        return Pin.of(SimulatedCard.PIN);
    }

    @Override
    public void close() {
        source.close();
    }
}

package keybound.token.card;

import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;
import keybound.token.Token;
import keybound.token.TokenInfo;
import keybound.token.TokenSelector;
import keybound.token.TokenSource;
import keybound.token.card.transport.ApduTransport;
import keybound.token.card.transport.GetResponseTransport;
import keybound.token.card.transport.LoggingTransport;
import keybound.token.card.transport.PcscPlatform;

/**
 * Cards running the keybound applet, in javax.smartcardio terminals: the PC/SC readers of a
 * {@link TerminalFactory}, or any terminals given (jcardsim's simulated one plugs in here).
 * One {@link CardToken} per terminal is kept open and shared until it is closed.
 */
public final class CardTokenSource implements TokenSource {

    private final Supplier<List<CardTerminal>> terminals;
    private final ReaderTokens<CardToken> cards;

    /**
     * @param decorator wraps each raw connection (e.g. to count APDUs); GET RESPONSE handling and
     *                  logging are added above it
     */
    public CardTokenSource(Supplier<List<CardTerminal>> terminals, UnaryOperator<ApduTransport> decorator) {
        this.terminals = terminals;
        this.cards = new ReaderTokens<>(terminals, raw -> new LoggingTransport(new GetResponseTransport(decorator.apply(raw))),
                CardToken::open, CardToken::isOpen);
    }

    /** Every reader of the platform's PC/SC stack ({@code TerminalFactory.getDefault()}). */
    public static CardTokenSource pcsc() {
        PcscPlatform.configure();
        return of(TerminalFactory.getDefault());
    }

    public static CardTokenSource of(TerminalFactory factory) {
        return new CardTokenSource(ReaderTokens.readers(factory), UnaryOperator.identity());
    }

    public static CardTokenSource of(CardTerminal... terminals) {
        List<CardTerminal> list = List.of(terminals);
        return new CardTokenSource(() -> list, UnaryOperator.identity());
    }

    public CardTokenSource withDecorator(UnaryOperator<ApduTransport> decorator) {
        return new CardTokenSource(terminals, decorator);
    }

    @Override
    public List<TokenInfo> tokens() {
        return cards.tokens();
    }

    @Override
    public Token token(TokenSelector selector) {
        return cards.token(selector, "keybound card");
    }

    @Override
    public void close() {
        cards.close();
    }
}

package keybound.token.card;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;
import keybound.token.ModuleNotFoundException;
import keybound.token.Token;
import keybound.token.TokenException;
import keybound.token.TokenInfo;
import keybound.token.TokenNotPresentException;
import keybound.token.TokenSelector;
import keybound.token.TokenSource;
import keybound.token.card.transport.ApduTransport;
import keybound.token.card.transport.GetResponseTransport;
import keybound.token.card.transport.LoggingTransport;
import keybound.token.card.transport.PcscPlatform;
import keybound.token.card.transport.SmartcardioTransport;

/**
 * Cards running the keybound applet, in javax.smartcardio terminals: the PC/SC readers of a
 * {@link TerminalFactory}, or any terminals given (jcardsim's simulated one plugs in here).
 * One {@link CardToken} per terminal is kept open and shared until it is closed.
 */
public final class CardTokenSource implements TokenSource {

    private final Supplier<List<CardTerminal>> terminals;
    private final UnaryOperator<ApduTransport> decorator;
    private final Map<String, CardToken> open = new ConcurrentHashMap<>();

    /**
     * @param decorator wraps each raw connection (e.g. to count APDUs); GET RESPONSE handling and
     *                  logging are added above it
     */
    public CardTokenSource(Supplier<List<CardTerminal>> terminals, UnaryOperator<ApduTransport> decorator) {
        this.terminals = terminals;
        this.decorator = decorator;
    }

    /** Every reader of the platform's PC/SC stack ({@code TerminalFactory.getDefault()}). */
    public static CardTokenSource pcsc() {
        PcscPlatform.configure();
        return of(TerminalFactory.getDefault());
    }

    public static CardTokenSource of(TerminalFactory factory) {
        return new CardTokenSource(() -> {
            try {
                return factory.terminals().list();
            } catch (CardException e) {
                throw new ModuleNotFoundException("No PC/SC reader is available (" + e.getMessage() + ")", e);
            }
        }, UnaryOperator.identity());
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
        var infos = new ArrayList<TokenInfo>();
        for (CardTerminal terminal : terminals.get()) {
            try {
                infos.add(tokenIn(terminal).info());
            } catch (TokenException e) {
                // an empty reader, or a card without our applet, holds no token
            }
        }
        return infos;
    }

    @Override
    public Token token(TokenSelector selector) {
        for (CardTerminal terminal : terminals.get()) {
            CardToken token;
            try {
                token = tokenIn(terminal);
            } catch (TokenException e) {
                continue;
            }
            if (selector.matches(token.info())) {
                return token;
            }
        }
        throw new TokenNotPresentException("No keybound card " + selector.describe());
    }

    private CardToken tokenIn(CardTerminal terminal) {
        CardToken existing = open.get(terminal.getName());
        if (existing != null && existing.isOpen()) {
            return existing;
        }
        try {
            if (!terminal.isCardPresent()) {
                throw new TokenNotPresentException("No card in reader " + terminal.getName());
            }
        } catch (CardException e) {
            throw new TokenNotPresentException("Reader " + terminal.getName() + " is gone", e);
        }
        ApduTransport transport = new LoggingTransport(new GetResponseTransport(decorator.apply(SmartcardioTransport.connect(terminal))));
        CardToken token;
        try {
            token = CardToken.open(transport, () -> open.remove(terminal.getName()));
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
        open.put(terminal.getName(), token);
        return token;
    }

    @Override
    public void close() {
        for (CardToken token : List.copyOf(open.values())) {
            token.close();
        }
        open.clear();
    }
}

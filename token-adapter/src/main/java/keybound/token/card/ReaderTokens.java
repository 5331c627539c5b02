package keybound.token.card;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
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
import keybound.token.card.transport.ApduTransport;
import keybound.token.card.transport.SmartcardioTransport;

/**
 * The tokens on the cards in some javax.smartcardio terminals (PC/SC readers, or jcardsim's): one per
 * terminal, opened on first use and shared until it is closed. The keybound-card and PIV sources
 * differ only in how a connection becomes a token, which they pass in.
 */
public final class ReaderTokens<T extends Token> {

    /** Opens the token on {@code transport}; the token runs {@code forget} when it closes. */
    public interface Opener<T> {
        T open(ApduTransport transport, Runnable forget);
    }

    private final Supplier<List<CardTerminal>> terminals;
    private final UnaryOperator<ApduTransport> connection;
    private final Opener<T> opener;
    private final Predicate<T> reusable;
    private final Map<String, T> open = new ConcurrentHashMap<>();

    /**
     * @param connection what goes around each raw connection (decorators, logging)
     * @param reusable   whether a token kept from before may be handed out again
     */
    public ReaderTokens(Supplier<List<CardTerminal>> terminals, UnaryOperator<ApduTransport> connection, Opener<T> opener,
            Predicate<T> reusable) {
        this.terminals = terminals;
        this.connection = connection;
        this.opener = opener;
        this.reusable = reusable;
    }

    /** The readers {@code factory} lists; when it can list none, the PC/SC stack is missing. */
    public static Supplier<List<CardTerminal>> readers(TerminalFactory factory) {
        return () -> {
            try {
                return factory.terminals().list();
            } catch (CardException e) {
                throw new ModuleNotFoundException("No PC/SC reader is available (" + e.getMessage() + ")", e);
            }
        };
    }

    /** The tokens of every reader that holds a card of this kind (an empty reader, or another card, holds none). */
    public List<TokenInfo> tokens() {
        var infos = new ArrayList<TokenInfo>();
        for (CardTerminal terminal : terminals.get()) {
            try {
                infos.add(tokenIn(terminal).info());
            } catch (TokenException e) {
                // no token of this kind in this reader
            }
        }
        return infos;
    }

    /** The first token {@code selector} matches; {@code kind} names the cards in the message when none does. */
    public T token(TokenSelector selector, String kind) {
        for (CardTerminal terminal : terminals.get()) {
            T token;
            try {
                token = tokenIn(terminal);
            } catch (TokenException e) {
                continue;
            }
            if (selector.matches(token.info())) {
                return token;
            }
        }
        throw new TokenNotPresentException("No " + kind + " " + selector.describe() + " is present");
    }

    private T tokenIn(CardTerminal terminal) {
        T existing = open.get(terminal.getName());
        if (existing != null && reusable.test(existing)) {
            return existing;
        }
        try {
            if (!terminal.isCardPresent()) {
                throw new TokenNotPresentException("No card in reader " + terminal.getName());
            }
        } catch (CardException e) {
            throw new TokenNotPresentException("Reader " + terminal.getName() + " is gone", e);
        }
        ApduTransport transport = connection.apply(SmartcardioTransport.connect(terminal));
        T token;
        try {
            token = opener.open(transport, () -> open.remove(terminal.getName()));
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
        open.put(terminal.getName(), token);
        return token;
    }

    /** Closes every token opened here. */
    public void close() {
        for (T token : List.copyOf(open.values())) {
            token.close();
        }
        open.clear();
    }
}

package keybound.token.piv;

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
import keybound.token.card.transport.LoggingTransport;
import keybound.token.card.transport.PcscPlatform;
import keybound.token.card.transport.SmartcardioTransport;

/**
 * PIV cards in javax.smartcardio terminals: every PC/SC reader, or the terminals given (jcardsim's
 * plug in here). One {@link PivToken} per terminal is kept open and shared until it is closed.
 */
public final class PivTokenSource implements TokenSource {

    private final Supplier<List<CardTerminal>> terminals;
    private final ManagementKey managementKey;
    private final UnaryOperator<ApduTransport> decorator;
    private final Map<String, PivToken> open = new ConcurrentHashMap<>();

    /**
     * @param decorator wraps each raw connection (e.g. to count APDUs); logging is added above it.
     *                  yubikit follows 61xx itself, so no GET RESPONSE decorator goes in between.
     */
    public PivTokenSource(Supplier<List<CardTerminal>> terminals, ManagementKey managementKey,
                          UnaryOperator<ApduTransport> decorator) {
        this.terminals = terminals;
        this.managementKey = managementKey;
        this.decorator = decorator;
    }

    /** Every reader of the platform's PC/SC stack. */
    public static PivTokenSource pcsc(ManagementKey managementKey) {
        PcscPlatform.configure();
        TerminalFactory factory = TerminalFactory.getDefault();
        return new PivTokenSource(() -> {
            try {
                return factory.terminals().list();
            } catch (CardException e) {
                throw new ModuleNotFoundException("No PC/SC reader is available (" + e.getMessage() + ")", e);
            }
        }, managementKey, UnaryOperator.identity());
    }

    public static PivTokenSource of(ManagementKey managementKey, CardTerminal... terminals) {
        List<CardTerminal> list = List.of(terminals);
        return new PivTokenSource(() -> list, managementKey, UnaryOperator.identity());
    }

    public PivTokenSource withDecorator(UnaryOperator<ApduTransport> decorator) {
        return new PivTokenSource(terminals, managementKey, decorator);
    }

    @Override
    public List<TokenInfo> tokens() {
        var infos = new ArrayList<TokenInfo>();
        for (CardTerminal terminal : terminals.get()) {
            try {
                infos.add(tokenIn(terminal).info());
            } catch (TokenException e) {
                // an empty reader, or a card without a PIV application, holds no token
            }
        }
        return infos;
    }

    @Override
    public Token token(TokenSelector selector) {
        for (CardTerminal terminal : terminals.get()) {
            PivToken token;
            try {
                token = tokenIn(terminal);
            } catch (TokenException e) {
                continue;
            }
            if (selector.matches(token.info())) {
                return token;
            }
        }
        throw new TokenNotPresentException("No PIV card " + selector.describe());
    }

    private PivToken tokenIn(CardTerminal terminal) {
        PivToken existing = open.get(terminal.getName());
        if (existing != null) {
            return existing;
        }
        try {
            if (!terminal.isCardPresent()) {
                throw new TokenNotPresentException("No card in reader " + terminal.getName());
            }
        } catch (CardException e) {
            throw new TokenNotPresentException("Reader " + terminal.getName() + " is gone", e);
        }
        ApduTransport transport = new LoggingTransport(decorator.apply(SmartcardioTransport.connect(terminal)));
        PivToken token;
        try {
            token = PivToken.open(transport, managementKey, () -> open.remove(terminal.getName()));
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
        open.put(terminal.getName(), token);
        return token;
    }

    @Override
    public void close() {
        for (PivToken token : List.copyOf(open.values())) {
            token.close();
        }
        open.clear();
    }
}

package keybound.token.piv;

import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;
import keybound.token.Token;
import keybound.token.TokenInfo;
import keybound.token.TokenSelector;
import keybound.token.TokenSource;
import keybound.token.card.ReaderTokens;
import keybound.token.card.transport.ApduTransport;
import keybound.token.card.transport.LoggingTransport;
import keybound.token.card.transport.PcscPlatform;

/**
 * PIV cards in javax.smartcardio terminals: every PC/SC reader, or the terminals given (jcardsim's
 * plug in here). One {@link PivToken} per terminal is kept open and shared until it is closed.
 */
public final class PivTokenSource implements TokenSource {

    private final Supplier<List<CardTerminal>> terminals;
    private final ManagementKey managementKey;
    private final ReaderTokens<PivToken> cards;

    /**
     * @param decorator wraps each raw connection (e.g. to count APDUs); logging is added above it.
     *                  yubikit follows 61xx itself, so no GET RESPONSE decorator goes in between.
     */
    public PivTokenSource(Supplier<List<CardTerminal>> terminals, ManagementKey managementKey,
                          UnaryOperator<ApduTransport> decorator) {
        this.terminals = terminals;
        this.managementKey = managementKey;
        this.cards = new ReaderTokens<>(terminals, raw -> new LoggingTransport(decorator.apply(raw)),
                (transport, forget) -> PivToken.open(transport, managementKey, forget), token -> true);
    }

    /** Every reader of the platform's PC/SC stack. */
    public static PivTokenSource pcsc(ManagementKey managementKey) {
        PcscPlatform.configure();
        return new PivTokenSource(ReaderTokens.readers(TerminalFactory.getDefault()), managementKey, UnaryOperator.identity());
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
        return cards.tokens();
    }

    @Override
    public Token token(TokenSelector selector) {
        return cards.token(selector, "PIV card");
    }

    @Override
    public void close() {
        cards.close();
    }
}

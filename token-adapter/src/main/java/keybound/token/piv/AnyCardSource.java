package keybound.token.piv;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.smartcardio.CardTerminal;
import keybound.token.Token;
import keybound.token.TokenException;
import keybound.token.TokenInfo;
import keybound.token.TokenNotPresentException;
import keybound.token.TokenSelector;
import keybound.token.TokenSource;
import keybound.token.card.CardTokenSource;

/**
 * Cards in readers, whichever protocol they speak: a card with the keybound applet is used
 * through it (it attests with the bank's nonce), any other PIV card (a YubiKey) through PIV.
 * Each reader gets one of the two, decided when a card is first seen there, so two protocols
 * never select different applications on one card behind each other's back.
 */
public final class AnyCardSource implements TokenSource {

    private final Supplier<List<CardTerminal>> terminals;
    private final ManagementKey managementKey;
    private final Map<String, TokenSource> chosen = new ConcurrentHashMap<>();

    public AnyCardSource(Supplier<List<CardTerminal>> terminals, ManagementKey managementKey) {
        this.terminals = terminals;
        this.managementKey = managementKey;
    }

    @Override
    public List<TokenInfo> tokens() {
        var infos = new ArrayList<TokenInfo>();
        for (CardTerminal terminal : terminals.get()) {
            TokenSource source = sourceFor(terminal);
            if (source != null) {
                infos.addAll(source.tokens());
            }
        }
        return infos;
    }

    @Override
    public Token token(TokenSelector selector) {
        for (CardTerminal terminal : terminals.get()) {
            TokenSource source = sourceFor(terminal);
            if (source == null) {
                continue;
            }
            try {
                return source.token(selector);
            } catch (TokenNotPresentException e) {
                // not the card asked for: try the next reader
            }
        }
        throw new TokenNotPresentException("No keybound or PIV card " + selector.describe() + " is present");
    }

    /** The protocol of the card in {@code terminal}, or null when it holds neither (or no card). */
    private synchronized TokenSource sourceFor(CardTerminal terminal) {
        TokenSource known = chosen.get(terminal.getName());
        if (known != null) {
            if (!quietTokens(known).isEmpty()) {
                return known;
            }
            chosen.remove(terminal.getName()).close(); // the card was taken out: decide again
        }
        for (TokenSource candidate : List.<TokenSource>of(CardTokenSource.of(terminal),
                PivTokenSource.of(managementKey, terminal))) {
            if (!quietTokens(candidate).isEmpty()) {
                chosen.put(terminal.getName(), candidate);
                return candidate;
            }
            candidate.close();
        }
        return null;
    }

    private static List<TokenInfo> quietTokens(TokenSource source) {
        try {
            return source.tokens();
        } catch (TokenException e) {
            return List.of();
        }
    }

    @Override
    public synchronized void close() {
        chosen.values().forEach(TokenSource::close);
        chosen.clear();
    }
}

package keybound.cli.token;

import java.util.function.Function;
import keybound.cli.Secrets;
import keybound.token.Secret;
import keybound.token.Token;
import keybound.token.TokenSelector;
import keybound.token.TokenSession;
import keybound.token.TokenSource;

/**
 * One token a command works on, with the module or card readers it was found in: opened from the
 * command's {@link TokenOptions}, both closed together.
 */
public final class ChosenToken implements AutoCloseable {

    private final TokenSource source;
    private final Token token;

    private ChosenToken(TokenSource source, Token token) {
        this.source = source;
        this.token = token;
    }

    /** The token {@code selector} names in {@code source}; the source is closed if the token cannot be had. */
    public static ChosenToken in(TokenSource source, TokenSelector selector) {
        try {
            return new ChosenToken(source, source.token(selector));
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }

    /** The token {@code choose} picks from what {@code source} holds; the source is closed if none can be had. */
    public static ChosenToken chosenIn(TokenSource source, Function<TokenSource, TokenSelector> choose) {
        TokenSelector selector;
        try {
            selector = choose.apply(source);
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
        return in(source, selector);
    }

    static ChosenToken open(TokenOptions options) {
        return chosenIn(options.openSource(), options::selector);
    }

    public Token token() {
        return token;
    }

    /** Logs on to the token with the PIN read as secret {@code name}; the PIN is wiped once used. */
    public TokenSession logIn(Secrets secrets, String name) {
        try (Secret pin = secrets.read(name, "PIN of token " + token.info().displayName())) {
            return token.open(pin);
        }
    }

    @Override
    public void close() {
        try {
            token.close();
        } finally {
            source.close();
        }
    }
}

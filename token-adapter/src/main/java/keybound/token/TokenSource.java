package keybound.token;

import java.util.List;

/**
 * Where tokens come from: one PKCS#11 module, or the card readers. Tokens are found by label or
 * serial, never by slot number (SoftHSM renumbers slots when tokens are added).
 */
public interface TokenSource extends AutoCloseable {

    /** The tokens present now. */
    List<TokenInfo> tokens();

    /**
     * The token matching the selector.
     *
     * @throws TokenNotPresentException no present token matches
     */
    Token token(TokenSelector selector);

    @Override
    void close();
}

package keybound.token.card.transport;

import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * The one seam under the card driver: send a command APDU, get the response APDU. Everything
 * else (GET RESPONSE, logging, counting) is a decorator on this interface, and
 * javax.smartcardio's card classes appear only in {@link SmartcardioTransport}.
 *
 * <p>Not thread-safe: callers serialise access (the card token holds one lock per card), and a
 * chained command must not be interleaved with another command.
 */
public interface ApduTransport extends AutoCloseable {

    /**
     * Sends one command and returns the card's response as it came, whatever its status word.
     *
     * @throws keybound.token.TokenNotPresentException the card was removed or the reader is gone
     * @throws keybound.token.TokenDeviceException any other transport failure
     */
    ResponseAPDU transmit(CommandAPDU command);

    /** Ends the connection and resets the card, so that no verified PIN outlives it. Idempotent. */
    @Override
    void close();
}

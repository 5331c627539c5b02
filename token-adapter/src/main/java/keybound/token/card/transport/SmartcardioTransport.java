package keybound.token.card.transport;

import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import keybound.token.TokenDeviceException;
import keybound.token.TokenNotPresentException;

/**
 * A card reached through javax.smartcardio: a PC/SC reader, or jcardsim's simulated terminal,
 * which plugs in under the same API.
 */
public final class SmartcardioTransport implements ApduTransport {

    private final Card card;
    private final CardChannel channel;
    private volatile boolean closed;

    private SmartcardioTransport(Card card) {
        this.card = card;
        this.channel = card.getBasicChannel();
    }

    /** Connects to the card in {@code terminal} with whichever protocol it offers. */
    public static SmartcardioTransport connect(CardTerminal terminal) {
        try {
            return new SmartcardioTransport(terminal.connect("*"));
        } catch (CardNotPresentException e) {
            throw new TokenNotPresentException("No card in reader " + terminal.getName(), e);
        } catch (CardException e) {
            throw new TokenDeviceException("PCSC_CONNECT_FAILED", "Cannot connect to the card in reader " + terminal.getName(), e);
        }
    }

    @Override
    public ResponseAPDU transmit(CommandAPDU command) {
        if (closed) {
            throw new IllegalStateException("card connection closed");
        }
        try {
            return channel.transmit(command);
        } catch (CardNotPresentException e) {
            throw new TokenNotPresentException("The card was removed", e);
        } catch (CardException | IllegalStateException e) {
            throw new TokenDeviceException("PCSC_TRANSMIT_FAILED", "Cannot reach the card", e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            card.disconnect(true);
        } catch (CardException | IllegalStateException e) {
            // already gone: there is no verified state left to reset
        }
    }
}

package keybound.token.card;

import keybound.token.Secret;
import keybound.token.Token;
import keybound.token.TokenInfo;
import keybound.token.TokenKind;
import keybound.token.TokenNotPresentException;
import keybound.token.TokenSession;
import keybound.token.card.transport.ApduTransport;

/**
 * A card running the keybound applet. The card keeps the verified PIN until reset, so leases
 * share it: each {@link #open} verifies the PIN (one APDU), and the last lease to close logs out.
 */
public final class CardToken implements Token {

    private final AppletCommands commands;
    private final Runnable onClose;
    private final String serial;
    private int leases;
    private boolean closed;

    private CardToken(AppletCommands commands, Runnable onClose, String serial) {
        this.commands = commands;
        this.onClose = onClose;
        this.serial = serial;
    }

    /** Selects the applet over {@code transport}. @throws TokenNotPresentException not a personalised keybound card */
    public static CardToken open(ApduTransport transport, Runnable onClose) {
        var commands = new AppletCommands(transport);
        CardStatus status = commands.select();
        if (!status.personalised()) {
            throw new TokenNotPresentException("Card " + status.serial() + " is not personalised");
        }
        return new CardToken(commands, onClose, status.serial());
    }

    AppletCommands commands() {
        return commands;
    }

    synchronized boolean isOpen() {
        return !closed;
    }

    @Override
    public TokenInfo info() {
        return info(commands.status());
    }

    TokenInfo info(CardStatus status) {
        return new TokenInfo(TokenKind.JAVA_CARD, status.serial(), status.serial(),
                "keybound applet v" + status.version(), "keybound", status.pinState());
    }

    @Override
    public TokenSession open(Secret pin) {
        synchronized (this) {
            ensureOpen();
            commands.verify(pin);
            leases++;
        }
        return new CardTokenSession(this);
    }

    /** Called by a session on close: the last one out logs the card out. */
    synchronized void release() {
        if (leases == 0) {
            return;
        }
        leases--;
        if (leases == 0 && !closed) {
            commands.logout();
        }
    }

    @Override
    public void changePin(Secret oldPin, Secret newPin) {
        ensureOpen();
        commands.changePin(oldPin, newPin);
    }

    @Override
    public void unblockPin(Secret unblockSecret, Secret newPin) {
        ensureOpen();
        commands.unblockPin(unblockSecret, newPin);
    }

    String name() {
        return serial;
    }

    private synchronized void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("card token " + serial + " is closed");
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            commands.close(); // resets the card: no verified PIN survives
        } finally {
            onClose.run();
        }
    }
}

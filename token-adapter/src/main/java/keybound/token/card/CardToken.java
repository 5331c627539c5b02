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
 * share it ({@link CardLeases}): each {@link #open} verifies the PIN (one APDU), and the last
 * lease to close logs out.
 */
public final class CardToken implements Token {

    private final AppletCommands commands;
    private final String serial;
    private final CardLeases leases;

    private CardToken(AppletCommands commands, Runnable onClose, String serial) {
        this.commands = commands;
        this.serial = serial;
        // commands.close() resets the card: no verified PIN survives
        this.leases = new CardLeases(this, () -> "card token " + serial, commands::logout, commands::close, onClose);
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

    boolean isOpen() {
        return leases.isOpen();
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
        return new CardTokenSession(this, leases.open(() -> commands.verify(pin)));
    }

    @Override
    public void changePin(Secret oldPin, Secret newPin) {
        leases.ensureOpen();
        commands.changePin(oldPin, newPin);
    }

    @Override
    public void unblockPin(Secret unblockSecret, Secret newPin) {
        leases.ensureOpen();
        commands.unblockPin(unblockSecret, newPin);
    }

    String name() {
        return serial;
    }

    @Override
    public void close() {
        leases.close();
    }
}

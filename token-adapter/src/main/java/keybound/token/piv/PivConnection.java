package keybound.token.piv;

import com.yubico.yubikit.core.Transport;
import com.yubico.yubikit.core.smartcard.SmartCardConnection;
import java.io.IOException;
import javax.smartcardio.CommandAPDU;
import keybound.token.TokenException;
import keybound.token.card.transport.ApduTransport;

/**
 * Yubico's {@link SmartCardConnection} over keybound's {@link ApduTransport}, so that yubikit's
 * {@code PivSession} speaks through the same seam (and the same counting and logging
 * decorators) as keybound's own card client. Short APDUs only: yubikit then chains long
 * commands and follows 61xx itself, which every PIV card understands.
 */
final class PivConnection implements SmartCardConnection {

    private final ApduTransport transport;

    PivConnection(ApduTransport transport) {
        this.transport = transport;
    }

    @Override
    public byte[] sendAndReceive(byte[] apdu) throws IOException {
        try {
            return transport.transmit(new CommandAPDU(apdu)).getBytes();
        } catch (TokenException e) {
            // yubikit only knows IOException; PivToken unwraps the TokenException again
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Sends a command outside yubikit (the logout SELECT); returns the status word. */
    int transmit(CommandAPDU command) {
        return transport.transmit(command).getSW();
    }

    @Override
    public Transport getTransport() {
        return Transport.USB;
    }

    @Override
    public boolean isExtendedLengthApduSupported() {
        return false;
    }

    @Override
    public byte[] getAtr() {
        return new byte[0];
    }

    @Override
    public void close() {
        transport.close();
    }
}

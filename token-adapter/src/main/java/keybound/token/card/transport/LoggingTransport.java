package keybound.token.card.transport;

import java.util.HexFormat;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import keybound.applet.PivProtocol;
import keybound.applet.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each APDU at debug level: the header, the data unless it carries a secret (PIN, PUK,
 * personalisation, a new PIV management key), and the response's length and status word. Response data is never logged.
 */
public final class LoggingTransport implements ApduTransport {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingTransport.class);
    private static final HexFormat HEX = HexFormat.of();

    private final ApduTransport next;

    public LoggingTransport(ApduTransport next) {
        this.next = next;
    }

    @Override
    public ResponseAPDU transmit(CommandAPDU command) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("card <- {}", describe(command));
        }
        ResponseAPDU response = next.transmit(command);
        if (LOG.isDebugEnabled()) {
            LOG.debug("card -> {} bytes, SW {}", response.getNr(), String.format("%04X", response.getSW()));
        }
        return response;
    }

    /** The command as logged: the data of secret-carrying commands is replaced by its length. */
    public static String describe(CommandAPDU command) {
        var s = new StringBuilder(String.format("%02X %02X %02X %02X", command.getCLA(), command.getINS(),
                command.getP1(), command.getP2()));
        if (command.getNc() > 0) {
            s.append(" Lc=").append(command.getNc()).append(' ');
            s.append(carriesSecret(command) ? "[" + command.getNc() + " bytes redacted]" : HEX.formatHex(command.getData()));
        }
        if (command.getNe() > 0) {
            s.append(" Le=").append(command.getNe());
        }
        return s.toString();
    }

    private static boolean carriesSecret(CommandAPDU command) {
        byte ins = (byte) command.getINS();
        return ins == Protocol.INS_VERIFY || ins == Protocol.INS_CHANGE_REFERENCE_DATA
                || ins == Protocol.INS_RESET_RETRY_COUNTER || ins == Protocol.INS_PERSONALISE
                || ins == PivProtocol.INS_SET_MANAGEMENT_KEY;
    }

    @Override
    public void close() {
        next.close();
    }
}

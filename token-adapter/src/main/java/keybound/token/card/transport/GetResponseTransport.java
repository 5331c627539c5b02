package keybound.token.card.transport;

import java.io.ByteArrayOutputStream;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import keybound.token.TokenDeviceException;

/**
 * Follows ISO 7816-4 response chaining: on 61xx sends GET RESPONSE until the card is done, and on
 * 6Cxx repeats the command with the Le the card asked for. Callers see one whole response.
 */
public final class GetResponseTransport implements ApduTransport {

    private static final int INS_GET_RESPONSE = 0xC0;
    /** Longest response we accept, so a confused card cannot make us loop or grow forever. */
    private static final int MAX_RESPONSE = 64 * 1024;

    private final ApduTransport next;

    public GetResponseTransport(ApduTransport next) {
        this.next = next;
    }

    @Override
    public ResponseAPDU transmit(CommandAPDU command) {
        ResponseAPDU response = next.transmit(command);
        if (response.getSW1() == 0x6C) {
            response = next.transmit(new CommandAPDU(command.getCLA(), command.getINS(), command.getP1(),
                    command.getP2(), command.getData(), response.getSW2() == 0 ? 256 : response.getSW2()));
        }
        if (response.getSW1() != 0x61) {
            return response;
        }
        var data = new ByteArrayOutputStream();
        while (response.getSW1() == 0x61) {
            data.writeBytes(response.getData());
            if (data.size() > MAX_RESPONSE) {
                throw new TokenDeviceException("RESPONSE_TOO_LONG",
                        "The card's response exceeds " + MAX_RESPONSE + " bytes", null);
            }
            int le = response.getSW2() == 0 ? 256 : response.getSW2();
            response = next.transmit(new CommandAPDU(0x00, INS_GET_RESPONSE, 0, 0, le));
        }
        data.writeBytes(response.getData());
        data.write(response.getSW1());
        data.write(response.getSW2());
        return new ResponseAPDU(data.toByteArray());
    }

    @Override
    public void close() {
        next.close();
    }
}

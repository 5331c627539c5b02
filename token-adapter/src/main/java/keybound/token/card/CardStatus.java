package keybound.token.card;

import java.nio.charset.StandardCharsets;
import keybound.applet.Protocol;
import keybound.token.PinState;
import keybound.token.TokenDeviceException;

/** What SELECT and GET STATUS report (layout in APDU.md). */
public record CardStatus(int version, int lifecycle, int pinTries, int pukTries, int slotCount,
                         int maxCertificate, boolean pinVerified, String serial) {

    static CardStatus parse(byte[] d) {
        if (d.length < 9 || d.length != 9 + (d[8] & 0xFF)) {
            throw new TokenDeviceException("MALFORMED_STATUS", "The card's status response is malformed", null);
        }
        return new CardStatus(d[0] & 0xFF, d[1] & 0xFF, d[2] & 0xFF, d[3] & 0xFF, d[4] & 0xFF,
                ((d[5] & 0xFF) << 8) | (d[6] & 0xFF), d[7] != 0,
                new String(d, 9, d[8] & 0xFF, StandardCharsets.US_ASCII));
    }

    public boolean personalised() {
        return lifecycle == Protocol.LIFECYCLE_LOCKED;
    }

    public PinState pinState() {
        return new PinState(pinTries < Protocol.PIN_TRIES, pinTries == 1, pinTries == 0, pinTries);
    }
}

package keybound.token.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import keybound.testkit.card.ScriptedCard;
import keybound.token.TokenDeviceException;
import keybound.token.card.transport.ApduTransport;
import keybound.token.card.transport.GetResponseTransport;
import keybound.token.card.transport.SmartcardioTransport;
import org.junit.jupiter.api.Test;

/** ISO 7816-4 response chaining, byte for byte: each expected command with the card's answer. */
class GetResponseTransportTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void followsSixtyOneUntilNineThousand() {
        var script = new ScriptedCard()
                .expect("80ca000000", "aabb" + "6103")          // GET CERTIFICATE: 2 bytes, 3 more
                .expect("00c0000003", "ccddee" + "6101")        // GET RESPONSE Le=03: 3 bytes, 1 more
                .expect("00c0000001", "ff" + "9000");           // GET RESPONSE Le=01: the last byte
        var response = new GetResponseTransport(SmartcardioTransport.connect(script.terminal())).transmit(new CommandAPDU(0x80, 0xCA, 0, 0, 256));
        assertEquals("aabbccddeeff", HEX.formatHex(response.getData()));
        assertEquals(0x9000, response.getSW());
        script.assertDone();
    }

    @Test
    void sixtyOneHundredMeansAnotherFullPart() {
        var script = new ScriptedCard()
                .expect("80ca000000", "01" + "6100")            // 256 or more remain
                .expect("00c0000000", "02" + "9000");           // GET RESPONSE Le=00 (256)
        var response = new GetResponseTransport(SmartcardioTransport.connect(script.terminal())).transmit(new CommandAPDU(0x80, 0xCA, 0, 0, 256));
        assertEquals("0102", HEX.formatHex(response.getData()));
    }

    @Test
    void sixCRepeatsTheCommandWithTheLeTheCardAsked() {
        var script = new ScriptedCard()
                .expect("80f2000000", "6c0a")
                .expect("80f200000a", "00112233445566778899" + "9000");
        var response = new GetResponseTransport(SmartcardioTransport.connect(script.terminal())).transmit(new CommandAPDU(0x80, 0xF2, 0, 0, 256));
        assertEquals(10, response.getData().length);
    }

    @Test
    void errorsPassThroughUntouched() {
        var script = new ScriptedCard().expect("802a0001" + "0101" + "00", "6982");
        var response = new GetResponseTransport(SmartcardioTransport.connect(script.terminal())).transmit(new CommandAPDU(0x80, 0x2A, 0, 1, new byte[] {1}, 256));
        assertEquals(0x6982, response.getSW());
    }

    @Test
    void aCardThatNeverStopsIsCutOff() {
        ApduTransport endless = new ApduTransport() {
            @Override
            public ResponseAPDU transmit(CommandAPDU command) {
                byte[] part = new byte[258];
                part[256] = 0x61;
                return new ResponseAPDU(part);
            }

            @Override
            public void close() {
            }
        };
        var e = assertThrows(TokenDeviceException.class,
                () -> new GetResponseTransport(endless).transmit(new CommandAPDU(0x80, 0xCA, 0, 0, 256)));
        assertEquals("RESPONSE_TOO_LONG", e.code());
    }
}

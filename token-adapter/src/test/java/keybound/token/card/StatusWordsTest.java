package keybound.token.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import javax.smartcardio.CommandAPDU;
import keybound.applet.Protocol;
import keybound.token.KeyNotFoundException;
import keybound.token.MechanismUnsupportedException;
import keybound.token.PinLockedException;
import keybound.token.TokenDeviceException;
import keybound.token.TokenFullException;
import keybound.token.WrongPinException;
import keybound.token.card.transport.LoggingTransport;
import org.junit.jupiter.api.Test;

class StatusWordsTest {

    @Test
    void eachStatusWordHasItsException() {
        var wrong = assertInstanceOf(WrongPinException.class, StatusWords.toException(0x63C2, "KB1", "verify"));
        assertEquals(2, wrong.triesLeft().getAsInt());
        assertInstanceOf(PinLockedException.class, StatusWords.toException(0x6983, "KB1", "verify"));
        assertInstanceOf(KeyNotFoundException.class, StatusWords.toException(0x6A88, "KB1", "sign"));
        assertInstanceOf(MechanismUnsupportedException.class, StatusWords.toException(0x6A81, "KB1", "generate"));
        assertInstanceOf(TokenFullException.class, StatusWords.toException(0x6A84, "KB1", "store"));
        var device = assertInstanceOf(TokenDeviceException.class, StatusWords.toException(0x6982, "KB1", "sign"));
        assertEquals("SW 6982 (security status not satisfied (PIN not verified))", device.code());
        assertEquals("SW 1234 (unknown status)",
                assertInstanceOf(TokenDeviceException.class, StatusWords.toException(0x1234, "KB1", "x")).code());
    }

    @Test
    void loggedCommandsNeverShowAPinOrPuk() {
        byte[] data = {6, '1', '2', '3', '4', '5', '6', 8, '9', '8', '7', '6', '5', '4', '3', '2'};
        for (byte ins : new byte[] {Protocol.INS_VERIFY, Protocol.INS_CHANGE_REFERENCE_DATA,
                Protocol.INS_RESET_RETRY_COUNTER, Protocol.INS_PERSONALISE}) {
            String line = LoggingTransport.describe(new CommandAPDU(0x00, ins & 0xFF, 0, 0x81, data));
            assertTrue(line.contains("[16 bytes redacted]"), line);
            assertFalse(line.contains("313233"), line);
            assertFalse(line.contains(new String(data, StandardCharsets.US_ASCII)), line);
        }
        String sign = LoggingTransport.describe(new CommandAPDU(0x80, Protocol.INS_SIGN & 0xFF, 0, 1, new byte[] {0x31, 0x32}, 256));
        assertEquals("80 2A 00 01 Lc=2 3132 Le=256", sign);
    }
}

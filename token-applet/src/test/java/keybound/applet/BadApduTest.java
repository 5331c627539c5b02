package keybound.applet;

import static keybound.applet.Card.assertSw;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every malformed command gets its ISO 7816-4 status word and changes nothing observable. */
class BadApduTest {
    private final Card card = Card.personalised();
    private String before;

    @BeforeEach
    void state() {
        assertSw(0x9000, card.verify(Card.PIN));
        assertSw(0x9000, card.generate(0, Protocol.KEY_EC_P256, "k"));
        assertSw(0x9000, card.upload(0x80, Protocol.INS_PUT_CERTIFICATE, 0, CertificateTest.bytes(300, 1), 255));
        before = card.snapshot();
    }

    private void assertRefused(int sw, ResponseAPDU r) {
        assertSw(sw, r);
        assertEquals(0, r.getData().length);
        assertEquals(before, card.snapshot());
    }

    @Test
    void unknownInstruction() {
        assertRefused(0x6D00, card.send(0x80, 0x10, 0, 0));
    }

    @Test
    void unknownClass() {
        assertRefused(0x6E00, card.send(0x40, Protocol.INS_LIST_SLOTS, 0, 0));
        assertRefused(0x6E00, card.send(0x84, Protocol.INS_LIST_SLOTS, 0, 0));
        assertRefused(0x6E00, card.send(0x00, Protocol.INS_LIST_SLOTS, 0, 0)); // ours under the ISO class
        assertRefused(0x6E00, card.send(0x80, Protocol.INS_VERIFY, 0, 0x81, Card.PIN.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void slotOutOfRange() {
        for (int slot : new int[] {Protocol.SLOT_COUNT, 0x7F, 0x80, 0xFF}) {
            assertRefused(0x6A86, card.generate(slot, Protocol.KEY_EC_P256, "x"));
            assertRefused(0x6A86, card.send(0x80, Protocol.INS_SIGN, slot, 1, new byte[] {1}));
            assertRefused(0x6A86, card.send(0x80, Protocol.INS_GET_PUBLIC_KEY, slot, 0));
            assertRefused(0x6A86, card.send(0x80, Protocol.INS_GET_CERTIFICATE, slot, 0));
            assertRefused(0x6A86, card.send(0x80, Protocol.INS_DELETE_KEY, slot, 0));
            assertRefused(0x6A86, card.send(0x80, Protocol.INS_ATTEST, slot, 0, new byte[16]));
            assertRefused(0x6A86, card.upload(0x80, Protocol.INS_PUT_CERTIFICATE, slot, new byte[10], 255));
        }
    }

    @Test
    void wrongParameters() {
        assertRefused(0x6A86, card.generate(1, 3, "unknown key type"));
        assertRefused(0x6A86, card.send(0x80, Protocol.INS_SIGN, 0, Protocol.SIGN_RSA_PKCS1_SHA256, new byte[] {1}));
        assertRefused(0x6A86, card.send(0x80, Protocol.INS_GET_PUBLIC_KEY, 0, 1));
        assertRefused(0x6A86, card.send(0x00, Protocol.INS_VERIFY, 1, 0x81, Card.PIN.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void wrongLengths() {
        assertRefused(0x6700, card.generate(1, Protocol.KEY_EC_P256, "L".repeat(Protocol.MAX_LABEL + 1)));
        assertRefused(0x6700, card.send(new CommandAPDU(0x80, Protocol.INS_SIGN & 0xFF, 0, 1, 256)));
        assertRefused(0x6700, card.send(0x80, Protocol.INS_ATTEST, 0, 0, new byte[Protocol.NONCE_MIN - 1]));
        assertRefused(0x6700, card.send(0x80, Protocol.INS_ATTEST, 0, 0, new byte[Protocol.NONCE_MAX + 1]));
        assertRefused(0x6700, card.send(new CommandAPDU(0x80, Protocol.INS_PUT_CERTIFICATE & 0xFF, 0, 0, new byte[] {0})));
        assertRefused(0x6700, card.send(0x00, Protocol.INS_VERIFY, 0xFF, 0x81, Card.PIN.getBytes(StandardCharsets.UTF_8)));
        assertRefused(0x6700, card.send(0x00, Protocol.INS_CHANGE_REFERENCE_DATA, 0, 0x81, new byte[] {8, '1'}));
    }

    @Test
    void oversizeCertificate() {
        assertRefused(0x6A84, card.upload(0x80, Protocol.INS_PUT_CERTIFICATE, 0, new byte[Protocol.MAX_CERTIFICATE + 1], 255));
    }

    @Test
    void signBeforePin() {
        card.reset();
        before = card.snapshot();
        assertRefused(0x6982, card.send(0x80, Protocol.INS_SIGN, 0, 1, new byte[] {1}));
    }

    @Test
    void chainingWhereNotSupported() {
        assertRefused(0x6884, card.send(0x90, Protocol.INS_GENERATE_KEY, 1, 1, "x".getBytes(StandardCharsets.UTF_8)));
        assertRefused(0x6884, card.send(0x10, Protocol.INS_VERIFY, 0, 0x81, Card.PIN.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void chainedSignCutShortLeavesNoHalfSignature() {
        assertSw(0x9000, card.send(new CommandAPDU(0x90, Protocol.INS_SIGN & 0xFF, 0, 1, new byte[100])));
        // another command ends the chain; its continuation then is a fresh one-part signature
        assertSw(0x9000, card.send(0x80, Protocol.INS_LIST_SLOTS, 0, 0));
        assertEquals(before, card.snapshot());
    }

    @Test
    void getResponseWithNothingPending() {
        assertRefused(0x6985, card.send(new CommandAPDU(0x00, 0xC0, 0, 0, 256)));
    }

    @Test
    void personalisationCommandsAfterLock() {
        assertRefused(0x6985, card.send(0x80, Protocol.INS_PERSONALISE, 0, 0, Card.lv(Card.PIN, Card.PUK, Card.SERIAL)));
    }
}

package keybound.applet;

import static keybound.applet.Card.assertSw;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CertificateTest {
    private final Card card = Card.personalised();

    @BeforeEach
    void key() {
        assertSw(0x9000, card.verify(Card.PIN));
        assertSw(0x9000, card.generate(0, Protocol.KEY_EC_P256, "k"));
    }

    /** 255, 256 and 257 straddle one short response; 2048 is the largest certificate a slot takes. */
    @ParameterizedTest
    @ValueSource(ints = {1, 253, 254, 255, 256, 257, 511, 512, 513, Protocol.MAX_CERTIFICATE})
    void certificatesComeBackWholeThroughGetResponse(int length) {
        byte[] cert = bytes(length, length);
        assertSw(0x9000, card.upload(0x80, Protocol.INS_PUT_CERTIFICATE, 0, cert, 255));
        ResponseAPDU first = card.send(new CommandAPDU(0x80, Protocol.INS_GET_CERTIFICATE & 0xFF, 0, 0, 256));
        int expectedFirst = Math.min(length, 256);
        assertEquals(expectedFirst, first.getData().length);
        int rest = length - expectedFirst;
        assertSw(rest == 0 ? 0x9000 : 0x6100 | (Math.min(rest, 256) & 0xFF), first);
        ResponseAPDU whole = card.sendLong(new CommandAPDU(0x80, Protocol.INS_GET_CERTIFICATE & 0xFF, 0, 0, 256));
        assertSw(0x9000, whole);
        assertArrayEquals(cert, whole.getData());
    }

    @Test
    void getResponseHonoursASmallerLe() {
        byte[] cert = bytes(300, 3);
        assertSw(0x9000, card.upload(0x80, Protocol.INS_PUT_CERTIFICATE, 0, cert, 100));
        ResponseAPDU r = card.send(new CommandAPDU(0x80, Protocol.INS_GET_CERTIFICATE & 0xFF, 0, 0, 100));
        assertSw(0x61C8, r);
        assertArrayEquals(Arrays.copyOf(cert, 100), r.getData());
        r = card.send(new CommandAPDU(0x00, 0xC0, 0, 0, 0x10));
        assertSw(0x61B8, r);
        assertArrayEquals(Arrays.copyOfRange(cert, 100, 116), r.getData());
    }

    @Test
    void oversizeCertificateIsRefusedAndTheOldOneStays() {
        byte[] old = bytes(700, 1);
        assertSw(0x9000, card.upload(0x80, Protocol.INS_PUT_CERTIFICATE, 0, old, 255));
        String before = card.snapshot();
        assertSw(0x6A84, card.upload(0x80, Protocol.INS_PUT_CERTIFICATE, 0, bytes(Protocol.MAX_CERTIFICATE + 1, 2), 255));
        assertEquals(before, card.snapshot());
    }

    @Test
    void chainCutShortIsRefusedAndTheOldCertificateStays() {
        byte[] old = bytes(400, 1);
        assertSw(0x9000, card.upload(0x80, Protocol.INS_PUT_CERTIFICATE, 0, old, 255));
        String before = card.snapshot();
        // declares 600 bytes, sends 200, then ends the chain
        byte[] first = new byte[102];
        first[0] = 0x02;
        first[1] = 0x58;
        assertSw(0x9000, card.send(new CommandAPDU(0x90, Protocol.INS_PUT_CERTIFICATE & 0xFF, 0, 0, first)));
        assertSw(0x6700, card.send(new CommandAPDU(0x80, Protocol.INS_PUT_CERTIFICATE & 0xFF, 0, 0, new byte[100])));
        assertEquals(before, card.snapshot());
    }

    @Test
    void chainOverrunningItsDeclaredLengthIsRefused() {
        byte[] old = bytes(400, 1);
        assertSw(0x9000, card.upload(0x80, Protocol.INS_PUT_CERTIFICATE, 0, old, 255));
        String before = card.snapshot();
        byte[] first = new byte[102];
        first[1] = 50; // declares 50 bytes, sends 100
        assertSw(0x6700, card.send(new CommandAPDU(0x90, Protocol.INS_PUT_CERTIFICATE & 0xFF, 0, 0, first)));
        assertEquals(before, card.snapshot());
    }

    @Test
    void abandonedChainIsDroppedWhenAnotherCommandArrives() {
        byte[] old = bytes(400, 1);
        assertSw(0x9000, card.upload(0x80, Protocol.INS_PUT_CERTIFICATE, 0, old, 255));
        byte[] first = new byte[102];
        first[0] = 0x01;
        assertSw(0x9000, card.send(new CommandAPDU(0x90, Protocol.INS_PUT_CERTIFICATE & 0xFF, 0, 0, first)));
        ResponseAPDU r = card.sendLong(new CommandAPDU(0x80, Protocol.INS_GET_CERTIFICATE & 0xFF, 0, 0, 256));
        assertArrayEquals(old, r.getData());
        // the next part of the abandoned chain starts a new upload, whose length prefix is nonsense here
        assertSw(0x6A84, card.send(new CommandAPDU(0x80, Protocol.INS_PUT_CERTIFICATE & 0xFF, 0, 0, new byte[] {(byte) 0xFF, 0, 0})));
        assertArrayEquals(old, card.sendLong(new CommandAPDU(0x80, Protocol.INS_GET_CERTIFICATE & 0xFF, 0, 0, 256)).getData());
    }

    @Test
    void certificateNeedsAKeyInTheSlot() {
        assertSw(0x6A88, card.upload(0x80, Protocol.INS_PUT_CERTIFICATE, 1, bytes(10, 1), 255));
        assertSw(0x6A88, card.send(0x80, Protocol.INS_GET_CERTIFICATE, 1, 0));
        assertSw(0x6A88, card.send(0x80, Protocol.INS_GET_CERTIFICATE, 0, 0)); // key but no certificate
    }

    @Test
    void deletingTheKeyDeletesItsCertificate() {
        assertSw(0x9000, card.upload(0x80, Protocol.INS_PUT_CERTIFICATE, 0, bytes(10, 1), 255));
        assertSw(0x9000, card.send(0x80, Protocol.INS_DELETE_KEY, 0, 0));
        assertSw(0x9000, card.generate(0, Protocol.KEY_EC_P256, "k"));
        assertSw(0x6A88, card.send(0x80, Protocol.INS_GET_CERTIFICATE, 0, 0));
    }

    static byte[] bytes(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }
}

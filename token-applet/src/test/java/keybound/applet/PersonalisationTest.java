package keybound.applet;

import static keybound.applet.Card.assertSw;
import static keybound.applet.Card.lv;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.smartcardio.CommandAPDU;
import org.junit.jupiter.api.Test;

class PersonalisationTest {

    @Test
    void blankCardRefusesEverydayCommandsUntilPersonalisedAndLocked() {
        Card card = new Card();
        assertEquals(Protocol.LIFECYCLE_BLANK, status(card)[1]);
        assertSw(0x6985, card.verify(Card.PIN));
        assertSw(0x6985, card.generate(0, Protocol.KEY_EC_P256, "k"));
        assertSw(0x6985, card.send(0x80, Protocol.INS_LOCK_PERSONALISATION, 0, 0));
    }

    @Test
    void personaliseOnceThenLocked() {
        Card card = Card.personalised();
        byte[] status = status(card);
        assertEquals(Protocol.LIFECYCLE_LOCKED, status[1]);
        assertEquals(Protocol.PIN_TRIES, status[2]);
        assertEquals(Protocol.PUK_TRIES, status[3]);
        assertEquals(Card.SERIAL, new String(status, 9, status[8], StandardCharsets.US_ASCII));
        String before = card.snapshot();

        assertSw(0x6985, card.send(0x80, Protocol.INS_PERSONALISE, 0, 0, lv("999999", "11112222", "EVIL-0001")));
        assertSw(0x6985, card.upload(0x80, Protocol.INS_PUT_ATTESTATION_CERTIFICATE, 0, new byte[300], 255));
        assertSw(0x6985, card.send(0x80, Protocol.INS_LOCK_PERSONALISATION, 0, 0));
        assertEquals(before, card.snapshot());
        assertSw(0x63C2, card.verify("999999"));
        assertSw(0x9000, card.verify(Card.PIN));
        var cert = card.sendLong(new CommandAPDU(0x80, Protocol.INS_GET_ATTESTATION_CERTIFICATE & 0xFF, 0, 0, 256));
        assertSw(0x9000, cert);
        assertArrayEquals(card.attestationCertificate, cert.getData());
    }

    @Test
    void lockNeedsTheAttestationCertificate() {
        Card card = new Card();
        assertSw(0x9000, card.send(0x80, Protocol.INS_PERSONALISE, 0, 0, lv(Card.PIN, Card.PUK, Card.SERIAL)));
        assertSw(0x6985, card.send(0x80, Protocol.INS_LOCK_PERSONALISATION, 0, 0));
        assertEquals(Protocol.LIFECYCLE_PERSONALISING, status(card)[1]);
    }

    @Test
    void malformedPersonalisationDataIsRefusedAndTheCardStaysBlank() {
        Card card = new Card();
        String before = card.snapshot();
        assertSw(0x6700, card.send(0x80, Protocol.INS_PERSONALISE, 0, 0, lv("12345", Card.PUK, Card.SERIAL)));
        assertSw(0x6700, card.send(0x80, Protocol.INS_PERSONALISE, 0, 0, lv("123456789", Card.PUK, Card.SERIAL)));
        assertSw(0x6A80, card.send(0x80, Protocol.INS_PERSONALISE, 0, 0, lv("12345a", Card.PUK, Card.SERIAL)));
        assertSw(0x6700, card.send(0x80, Protocol.INS_PERSONALISE, 0, 0, lv(Card.PIN, "1234567", Card.SERIAL)));
        assertSw(0x6700, card.send(0x80, Protocol.INS_PERSONALISE, 0, 0, lv(Card.PIN, Card.PUK, "S".repeat(17))));
        assertSw(0x6A80, card.send(0x80, Protocol.INS_PERSONALISE, 0, 0, lv(Card.PIN, Card.PUK, "KB 0001")));
        assertSw(0x6700, card.send(0x80, Protocol.INS_PERSONALISE, 0, 0, new byte[] {6, '1', '2'}));
        byte[] good = lv(Card.PIN, Card.PUK, Card.SERIAL);
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertSw(0x6700, card.send(0x80, Protocol.INS_PERSONALISE, 0, 0, trailing));
        assertSw(0x6A86, card.send(0x80, Protocol.INS_PERSONALISE, 1, 0, lv(Card.PIN, Card.PUK, Card.SERIAL)));
        assertEquals(before, card.snapshot());
    }

    static byte[] status(Card card) {
        var r = card.send(0x80, Protocol.INS_GET_STATUS, 0, 0);
        assertSw(0x9000, r);
        return r.getData();
    }
}

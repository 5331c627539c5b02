package keybound.applet;

import static keybound.applet.Card.assertSw;
import static keybound.applet.Card.lv;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import javax.smartcardio.ResponseAPDU;
import org.junit.jupiter.api.Test;

class PinTest {
    private final Card card = Card.personalised();

    @Test
    void wrongPinCountsDownThenBlocksEvenTheRightPin() {
        assertSw(0x63C2, card.verify("000000"));
        assertSw(0x63C1, card.verify("000000"));
        assertSw(0x6983, card.verify("000000"));
        assertSw(0x6983, card.verify(Card.PIN));
        assertSw(0x6983, card.send(0x00, Protocol.INS_VERIFY, 0, 0x81));
        assertEquals(0, PersonalisationTest.status(card)[2]);
    }

    @Test
    void rightPinResetsTheCounter() {
        assertSw(0x63C2, card.verify("000000"));
        assertSw(0x9000, card.verify(Card.PIN));
        assertSw(0x9000, card.send(0x00, Protocol.INS_VERIFY, 0, 0x81)); // already verified
        assertEquals(Protocol.PIN_TRIES, PersonalisationTest.status(card)[2]);
    }

    @Test
    void verifyWithoutDataReportsTriesWithoutSpendingOne() {
        assertSw(0x63C3, card.send(0x00, Protocol.INS_VERIFY, 0, 0x81));
        assertSw(0x63C3, card.send(0x00, Protocol.INS_VERIFY, 0, 0x81));
    }

    @Test
    void pukUnblocksAndSetsANewPin() {
        for (int i = 0; i < 3; i++) {
            card.verify("000000");
        }
        assertSw(0x63C9, card.send(0x00, Protocol.INS_RESET_RETRY_COUNTER, 0, 0x81, lv("00000000", "24682468")));
        assertSw(0x6983, card.verify(Card.PIN));
        assertSw(0x9000, card.send(0x00, Protocol.INS_RESET_RETRY_COUNTER, 0, 0x81, lv(Card.PUK, "24682468")));
        assertSw(0x63C2, card.verify(Card.PIN));
        assertSw(0x9000, card.verify("24682468"));
        assertEquals(Protocol.PUK_TRIES, PersonalisationTest.status(card)[3]);
    }

    @Test
    void pukBlocksAfterTenWrongTries() {
        for (int i = 9; i >= 1; i--) {
            assertSw(0x63C0 | i, card.send(0x00, Protocol.INS_RESET_RETRY_COUNTER, 0, 0x81, lv("00000000", "24682468")));
        }
        assertSw(0x6983, card.send(0x00, Protocol.INS_RESET_RETRY_COUNTER, 0, 0x81, lv("00000000", "24682468")));
        assertSw(0x6983, card.send(0x00, Protocol.INS_RESET_RETRY_COUNTER, 0, 0x81, lv(Card.PUK, "24682468")));
        assertSw(0x9000, card.verify(Card.PIN)); // the PIN itself is untouched
    }

    @Test
    void changePinNeedsTheOldOne() {
        assertSw(0x63C2, card.send(0x00, Protocol.INS_CHANGE_REFERENCE_DATA, 0, 0x81, lv("000000", "11223344")));
        assertSw(0x9000, card.send(0x00, Protocol.INS_CHANGE_REFERENCE_DATA, 0, 0x81, lv(Card.PIN, "11223344")));
        card.reset();
        assertSw(0x63C2, card.verify(Card.PIN));
        assertSw(0x9000, card.verify("11223344"));
    }

    @Test
    void aValueThatCannotBeAPinIsAWrongPinAndSpendsATry() {
        assertSw(0x63C2, card.verify("12345"));
        assertSw(0x63C1, card.verify("123456789"));
        assertSw(0x6983, card.verify("12345x"));
        assertSw(0x6983, card.verify(Card.PIN));
    }

    @Test
    void eightDigitPinIsNotMatchedByALongerValueStartingWithIt() {
        assertSw(0x9000, card.send(0x00, Protocol.INS_CHANGE_REFERENCE_DATA, 0, 0x81, lv(Card.PIN, "12345678")));
        assertSw(0x63C2, card.verify("123456789"));
        assertSw(0x9000, card.verify("12345678"));
    }

    @Test
    void malformedNewPinsAreRefusedWithoutSpendingATry() {
        assertSw(0x6700, card.send(0x00, Protocol.INS_CHANGE_REFERENCE_DATA, 0, 0x81, lv("000000", "123")));
        assertSw(0x6A80, card.send(0x00, Protocol.INS_CHANGE_REFERENCE_DATA, 0, 0x81, lv("000000", "12345a")));
        assertSw(0x6700, card.send(0x00, Protocol.INS_RESET_RETRY_COUNTER, 0, 0x81, lv("00000000", "123456789")));
        assertSw(0x6A86, card.send(0x00, Protocol.INS_VERIFY, 0, 0x82, Card.PIN.getBytes(StandardCharsets.UTF_8)));
        assertSw(0x63C3, card.send(0x00, Protocol.INS_VERIFY, 0, 0x81));
        assertEquals(Protocol.PUK_TRIES, PersonalisationTest.status(card)[3]);
    }

    @Test
    void malformedPukSpendsAPukTry() {
        assertSw(0x63C9, card.send(0x00, Protocol.INS_RESET_RETRY_COUNTER, 0, 0x81, lv("1234567", "123456")));
        assertSw(0x63C8, card.send(0x00, Protocol.INS_RESET_RETRY_COUNTER, 0, 0x81, lv("9876-wrong", "123456")));
    }

    @Test
    void resetReselectAndLogoutForgetTheVerifiedState() {
        assertSw(0x9000, card.verify(Card.PIN));
        assertSw(0x9000, card.generate(0, Protocol.KEY_EC_P256, "k"));
        card.reset();
        assertSw(0x6982, sign(card));
        assertSw(0x9000, card.verify(Card.PIN));
        assertSw(0x9000, sign(card));
        card.select();
        assertSw(0x6982, sign(card));
        assertSw(0x9000, card.verify(Card.PIN));
        assertSw(0x9000, card.send(0x00, Protocol.INS_VERIFY, Protocol.P1_LOGOUT & 0xFF, 0x81));
        assertSw(0x6982, sign(card));
    }

    private static ResponseAPDU sign(Card card) {
        return card.send(0x80, Protocol.INS_SIGN, 0, Protocol.SIGN_ECDSA_SHA256, new byte[] {1, 2, 3});
    }
}

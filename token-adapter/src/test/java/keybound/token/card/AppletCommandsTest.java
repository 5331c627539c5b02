package keybound.token.card;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.List;
import keybound.applet.Protocol;
import keybound.testkit.card.ScriptedCard;
import keybound.token.KeyNotFoundException;
import keybound.token.Secret;
import keybound.token.WrongPinException;
import keybound.token.card.transport.GetResponseTransport;
import keybound.token.card.transport.SmartcardioTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every command of token-applet/APDU.md as {@link AppletCommands} sends it, byte for byte:
 * CLA INS P1 P2, then Lc and data, then Le, written in that order with spaces between. The
 * personalisation commands (PERSONALISE, PUT ATTESTATION CERTIFICATE, LOCK PERSONALISATION)
 * are the card factory's, not the host's, and VERIFY without data (state query) is never sent
 * by the host; they are not here.
 */
class AppletCommandsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String OK = "9000";
    /** GET STATUS / SELECT answer: version 01, locked, 3 PIN tries, 10 PUK tries, 4 slots, 2048-byte certificates, not verified, "KB01". */
    private static final String STATUS = "01 02 03 0a 04 0800 00 04 4b423031";

    private final ScriptedCard card = new ScriptedCard();
    private final AppletCommands commands = new AppletCommands(SmartcardioTransport.connect(card.terminal()));

    @AfterEach
    void everyScriptedCommandWasSent() {
        card.assertDone();
    }

    @Test
    void selectNamesTheAidAndReadsTheStatus() {
        card.expect("00 a4 04 00 | 08 f04b4559424e4401 | 00", STATUS + OK);
        CardStatus status = commands.select();
        assertEquals(new CardStatus(1, 2, 3, 10, 4, 2048, false, "KB01"), status);
    }

    @Test
    void getStatusHasNoDataAndAsksForEverything() {
        card.expect("80 f2 00 00 | 00", STATUS + OK);
        assertEquals("KB01", commands.status().serial());
    }

    @Test
    void verifySendsThePinDigitsWithoutLe() {
        card.expect("00 20 00 81 | 06 313233343536", OK);
        try (Secret pin = Secret.of("123456")) {
            commands.verify(pin);
        }
    }

    @Test
    void aWrongPinReportsTheTriesLeft() {
        card.expect("00 20 00 81 | 06 393939393939", "63c2");
        try (Secret pin = Secret.of("999999")) {
            WrongPinException e = assertThrows(WrongPinException.class, () -> commands.verify(pin));
            assertEquals(2, e.triesLeft().getAsInt());
        }
    }

    @Test
    void aCharacterOutsideAsciiIsSentAsFfNeverAsADigit() {
        // U+0131 (dotless i) must not reach the card as '1' (31) by a lossy narrowing
        card.expect("00 20 00 81 | 06 3132333435ff", "63c2");
        try (Secret pin = Secret.of("12345\u0131")) {
            assertThrows(WrongPinException.class, () -> commands.verify(pin));
        }
    }

    @Test
    void logoutIsVerifyWithP1FfAndNoData() {
        card.expect("00 20 ff 81", OK);
        commands.logout();
    }

    @Test
    void changeReferenceDataCarriesOldAndNewAsLengthValue() {
        card.expect("00 24 00 81 | 0e 06 313233343536 06 363534333231", OK);
        try (Secret old = Secret.of("123456"); Secret fresh = Secret.of("654321")) {
            commands.changePin(old, fresh);
        }
    }

    @Test
    void resetRetryCounterCarriesPukAndNewPinAsLengthValue() {
        card.expect("00 2c 00 81 | 11 08 3132333435363738 07 37373737373737", OK);
        try (Secret puk = Secret.of("12345678"); Secret fresh = Secret.of("7777777")) {
            commands.unblockPin(puk, fresh);
        }
    }

    @Test
    void listSlotsReadsOneEntryPerSlot() {
        card.expect("80 4a 00 00 | 00", "00 01 01 04 6c6f676f" + "01 00 00 00" + OK);
        assertEquals(List.of(new SlotEntry(0, Protocol.KEY_EC_P256, true, "logo"), new SlotEntry(1, Protocol.KEY_NONE, false, "")),
                commands.listSlots());
    }

    @Test
    void generateKeyPutsSlotAndKeyTypeInP1P2AndTheLabelInData() {
        String point = "04" + "11".repeat(64);
        card.expect("80 46 02 01 | 03 6b6579 | 00", "01 0041 " + point + OK);
        assertEquals("010041" + point, HEX.formatHex(commands.generate(2, Protocol.KEY_EC_P256, "key")));
    }

    @Test
    void getPublicKeyNamesTheSlot() {
        card.expect("80 48 03 00 | 00", "02 0003 000101" + OK);
        assertEquals("020003000101", HEX.formatHex(commands.publicKey(3)));
    }

    @Test
    void aShortMessageIsSignedInOneCommand() {
        String message = "ab".repeat(32);
        card.expect("80 2a 01 01 | 20 " + message + " | 00", "3006020101020101" + OK);
        assertEquals("3006020101020101", HEX.formatHex(commands.sign(1, Protocol.SIGN_ECDSA_SHA256, HEX.parseHex(message))));
    }

    @Test
    void twoHundredFiftyFourBytesStillFitOneCommandWithLe() {
        String message = "cd".repeat(254);
        card.expect("80 2a 00 02 | fe " + message + " | 00", "5151" + OK);
        assertEquals("5151", HEX.formatHex(commands.sign(0, Protocol.SIGN_RSA_PKCS1_SHA256, HEX.parseHex(message))));
    }

    @Test
    void aLongMessageIsChainedIn254BytePartsWithTheChainingBit() {
        // 600 bytes: 254 + 254 under CLA 90 without Le, then the last 92 (5C) under CLA 80 with Le
        byte[] message = new byte[600];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) i;
        }
        String all = HEX.formatHex(message);
        card.expect("90 2a 01 01 | fe " + all.substring(0, 508), OK)
                .expect("90 2a 01 01 | fe " + all.substring(508, 1016), OK)
                .expect("80 2a 01 01 | 5c " + all.substring(1016) + " | 00", "3006020102020102" + OK);
        assertEquals("3006020102020102", HEX.formatHex(commands.sign(1, Protocol.SIGN_ECDSA_SHA256, message)));
    }

    @Test
    void aRefusedPartEndsTheChainThere() {
        // nothing more is sent after the card refuses the first part (the script would fail on it)
        card.expect("90 2a 03 01 | fe " + "00".repeat(254), "6a88");
        assertThrows(KeyNotFoundException.class, () -> commands.sign(3, Protocol.SIGN_ECDSA_SHA256, new byte[300]));
    }

    @Test
    void aShortCertificateIsOneCommandWithItsLengthFirst() {
        String der = "30".repeat(100);
        card.expect("80 da 02 00 | 66 0064 " + der, OK);
        commands.putCertificate(2, HEX.parseHex(der));
    }

    @Test
    void aLongCertificateIsChainedWithoutLe() {
        // 300 bytes of DER + 2 length bytes = 302: 254 (length + 252 DER) under CLA 90, then 48 (30) under CLA 80
        byte[] der = new byte[300];
        for (int i = 0; i < der.length; i++) {
            der[i] = (byte) (255 - i);
        }
        String all = HEX.formatHex(der);
        card.expect("90 da 01 00 | fe 012c " + all.substring(0, 504), OK)
                .expect("80 da 01 00 | 30 " + all.substring(504), OK);
        commands.putCertificate(1, der);
    }

    @Test
    void getCertificateFollowsGetResponseForTheRest() {
        // the applet sends 256 bytes with 61 2C (44 left); the host fetches them with GET RESPONSE Le=2C
        var chained = new AppletCommands(new GetResponseTransport(SmartcardioTransport.connect(card.terminal())));
        String first = "a5".repeat(256);
        String rest = "5a".repeat(44);
        card.expect("80 ca 00 00 | 00", first + "612c")
                .expect("00 c0 00 00 | 2c", rest + OK);
        assertEquals(first + rest, HEX.formatHex(chained.certificate(0)));
    }

    @Test
    void getResponseForTwoHundredFiftySixOrMoreAsksForLe00() {
        var chained = new AppletCommands(new GetResponseTransport(SmartcardioTransport.connect(card.terminal())));
        card.expect("80 cb 00 00 | 00", "11".repeat(256) + "6100")
                .expect("00 c0 00 00 | 00", "22".repeat(256) + "6101")
                .expect("00 c0 00 00 | 01", "33" + OK);
        byte[] certificate = chained.attestationCertificate();
        assertEquals(513, certificate.length);
        assertEquals(0x33, certificate[512]);
    }

    @Test
    void deleteKeyIsCaseOne() {
        card.expect("80 e4 03 00", OK);
        commands.delete(3);
    }

    @Test
    void attestSendsTheNonceAndAsksForTheSignedData() {
        card.expect("80 a0 01 00 | 08 0102030405060708 | 00", "0004 4b424154" + "3006020101020101" + OK);
        assertArrayEquals(HEX.parseHex("00044b4241543006020101020101"),
                commands.attest(1, HEX.parseHex("0102030405060708")));
    }

    @Test
    void getAttestationCertificateHasNoParameters() {
        card.expect("80 cb 00 00 | 00", "3082" + OK);
        assertEquals("3082", HEX.formatHex(commands.attestationCertificate()));
    }

    @Test
    void closingTheCommandsResetsTheCard() {
        // a reset makes the card forget a verified PIN
        commands.close();
        assertEquals(Boolean.TRUE, card.resetOnDisconnect());
    }
}

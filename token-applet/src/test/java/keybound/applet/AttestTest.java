package keybound.applet;

import static keybound.applet.Card.assertSw;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AttestTest {
    private final Card card = Card.personalised();

    /** The statement is exactly the AttestationData layout, signed by the attestation key. */
    @ParameterizedTest
    @ValueSource(ints = {Protocol.KEY_EC_P256, Protocol.KEY_RSA_2048})
    void statementBindsSlotKeySerialAndNonce(int type) {
        assertSw(0x9000, card.verify(Card.PIN));
        byte[] publicKey = card.generate(2, type, "attested").getData();
        byte[] nonce = CertificateTest.bytes(32, 9);
        ResponseAPDU r = card.sendLong(new CommandAPDU(0x80, Protocol.INS_ATTEST & 0xFF, 2, 0, nonce, 256));
        assertSw(0x9000, r);
        byte[] body = r.getData();
        int dataLength = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
        byte[] data = Arrays.copyOfRange(body, 2, 2 + dataLength);
        byte[] signature = Arrays.copyOfRange(body, 2 + dataLength, body.length);

        var expected = new ByteArrayOutputStream();
        expected.writeBytes("KBAT".getBytes(StandardCharsets.US_ASCII));
        expected.write(1);
        expected.write(2);
        expected.write(Card.SERIAL.length());
        expected.writeBytes(Card.SERIAL.getBytes(StandardCharsets.US_ASCII));
        expected.write(nonce.length);
        expected.writeBytes(nonce);
        expected.writeBytes(publicKey);
        assertArrayEquals(expected.toByteArray(), data);
        var attestationKey = AppletMakerCa.publicKey(card.attestationPoint);
        assertTrue(Keys.verifies("SHA256withECDSA", attestationKey, data, signature));
        data[data.length - 1] ^= 1;
        assertFalse(Keys.verifies("SHA256withECDSA", attestationKey, data, signature));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void emptySlotHasNothingToAttest(int slot) {
        assertSw(0x6A88, card.send(0x80, Protocol.INS_ATTEST, slot, 0, new byte[16]));
        assertEquals(0, card.send(0x80, Protocol.INS_ATTEST, slot, 0, new byte[16]).getData().length);
    }
}

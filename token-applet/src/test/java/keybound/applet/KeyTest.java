package keybound.applet;

import static keybound.applet.Card.assertSw;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import org.junit.jupiter.api.Test;

class KeyTest {
    private final Card card = Card.personalised();

    @Test
    void ecKeySignsWhatJcaVerifies() {
        assertSw(0x9000, card.verify(Card.PIN));
        ResponseAPDU generated = card.generate(0, Protocol.KEY_EC_P256, "alice");
        assertSw(0x9000, generated);
        assertEquals(68, generated.getData().length);
        PublicKey key = Keys.decode(generated.getData());
        assertArrayEquals(generated.getData(), publicKey(0));
        byte[] message = "logon challenge 42".getBytes(StandardCharsets.UTF_8);
        ResponseAPDU signature = card.sendLong(new CommandAPDU(0x80, Protocol.INS_SIGN & 0xFF, 0,
                Protocol.SIGN_ECDSA_SHA256, message, 256));
        assertSw(0x9000, signature);
        assertTrue(Keys.verifies("SHA256withECDSA", key, message, signature.getData()));
        assertTrue(!Keys.verifies("SHA256withECDSA", key, "other".getBytes(StandardCharsets.UTF_8), signature.getData()));
    }

    @Test
    void rsaKeySignsPkcs1WithTheSignatureComingBackThroughGetResponse() {
        assertSw(0x9000, card.verify(Card.PIN));
        ResponseAPDU generated = card.generate(1, Protocol.KEY_RSA_2048, "bob");
        assertSw(0x9000, generated);
        PublicKey key = Keys.decode(generated.getData());
        assertEquals(2048, ((RSAPublicKey) key).getModulus().bitLength());
        byte[] message = new byte[254];
        new Random(7).nextBytes(message);
        ResponseAPDU signature = card.sendLong(new CommandAPDU(0x80, Protocol.INS_SIGN & 0xFF, 1,
                Protocol.SIGN_RSA_PKCS1_SHA256, message, 256));
        assertSw(0x9000, signature);
        assertEquals(256, signature.getData().length);
        assertTrue(Keys.verifies("SHA256withRSA", key, message, signature.getData()));
    }

    @Test
    void longMessagesAreSignedThroughCommandChaining() {
        assertSw(0x9000, card.verify(Card.PIN));
        PublicKey key = Keys.decode(card.generate(2, Protocol.KEY_EC_P256, "chain").getData());
        byte[] message = new byte[1000];
        new Random(1).nextBytes(message);
        ResponseAPDU r = null;
        for (int off = 0; off < message.length; off += 255) {
            int n = Math.min(255, message.length - off);
            boolean last = off + n == message.length;
            byte[] part = Arrays.copyOfRange(message, off, off + n);
            r = last ? card.send(new CommandAPDU(0x80, Protocol.INS_SIGN & 0xFF, 2, 1, part, 256))
                    : card.send(new CommandAPDU(0x90, Protocol.INS_SIGN & 0xFF, 2, 1, part));
            assertSw(0x9000, r);
        }
        assertTrue(Keys.verifies("SHA256withECDSA", key, message, r.getData()));
    }

    @Test
    void fourSlotsFillUpAndDeleteFreesOne() {
        assertSw(0x9000, card.verify(Card.PIN));
        for (int slot = 0; slot < Protocol.SLOT_COUNT; slot++) {
            assertSw(0x9000, card.generate(slot, Protocol.KEY_EC_P256, "key-" + slot));
        }
        assertSw(0x6A89, card.generate(3, Protocol.KEY_EC_P256, "again"));
        ResponseAPDU list = card.send(0x80, Protocol.INS_LIST_SLOTS, 0, 0);
        var expected = new ByteArrayOutputStream();
        for (int slot = 0; slot < 4; slot++) {
            expected.writeBytes(new byte[] {(byte) slot, Protocol.KEY_EC_P256, 0, 5});
            expected.writeBytes(("key-" + slot).getBytes(StandardCharsets.UTF_8));
        }
        assertArrayEquals(expected.toByteArray(), list.getData());
        byte[] oldKey = publicKey(3);
        assertSw(0x9000, card.send(0x80, Protocol.INS_DELETE_KEY, 3, 0));
        assertSw(0x6A88, card.send(0x80, Protocol.INS_GET_PUBLIC_KEY, 3, 0));
        assertSw(0x6A88, card.send(0x80, Protocol.INS_SIGN, 3, 1, new byte[] {1}));
        assertSw(0x9000, card.generate(3, Protocol.KEY_EC_P256, "new"));
        assertTrue(!Arrays.equals(oldKey, publicKey(3)));
    }

    /** jcardsim's own key generator repeats itself; the applet's keys must not. */
    @Test
    void keysDifferAcrossSlotsCardsAndTheAttestationKey() {
        assertSw(0x9000, card.verify(Card.PIN));
        var points = new HashSet<String>();
        points.add(Card.hex(card.attestationPoint));
        for (int slot = 0; slot < Protocol.SLOT_COUNT; slot++) {
            points.add(Card.hex(Arrays.copyOfRange(card.generate(slot, Protocol.KEY_EC_P256, "k").getData(), 3, 68)));
        }
        Card other = Card.personalised();
        points.add(Card.hex(other.attestationPoint));
        assertSw(0x9000, other.verify(Card.PIN));
        points.add(Card.hex(Arrays.copyOfRange(other.generate(0, Protocol.KEY_EC_P256, "k").getData(), 3, 68)));
        assertEquals(7, points.size());
    }

    /** jcardsim restarts its ECDSA nonces at every init(); signatures by one key must never share r. */
    @Test
    void ecdsaNoncesNeverRepeatForOneKey() {
        assertSw(0x9000, card.verify(Card.PIN));
        assertSw(0x9000, card.generate(0, Protocol.KEY_EC_P256, "k"));
        var rs = new HashSet<String>();
        for (int i = 0; i < 5; i++) {
            rs.add(r(card.send(new CommandAPDU(0x80, Protocol.INS_SIGN & 0xFF, 0, 1, new byte[] {(byte) i}, 256)).getData()));
        }
        // an abandoned chain, a reset and a reselect in between
        assertSw(0x9000, card.send(new CommandAPDU(0x90, Protocol.INS_SIGN & 0xFF, 0, 1, new byte[10])));
        card.reset();
        assertSw(0x9000, card.verify(Card.PIN));
        for (int i = 0; i < 5; i++) {
            rs.add(r(card.send(new CommandAPDU(0x80, Protocol.INS_SIGN & 0xFF, 0, 1, new byte[] {(byte) (10 + i)}, 256)).getData()));
        }
        assertEquals(10, rs.size());
    }

    /** The r of a DER ECDSA signature, in hex. */
    private static String r(byte[] der) {
        int rLength = der[3];
        return Card.hex(Arrays.copyOfRange(der, 4, 4 + rLength));
    }

    @Test
    void signingNeedsThePinInThisCardSession() {
        assertSw(0x9000, card.verify(Card.PIN));
        assertSw(0x9000, card.generate(0, Protocol.KEY_EC_P256, "k"));
        card.reset();
        String before = card.snapshot();
        assertSw(0x6982, card.send(0x80, Protocol.INS_SIGN, 0, 1, new byte[] {1}));
        assertSw(0x6982, card.generate(1, Protocol.KEY_EC_P256, "k2"));
        assertSw(0x6982, card.send(0x80, Protocol.INS_DELETE_KEY, 0, 0));
        assertSw(0x6982, card.upload(0x80, Protocol.INS_PUT_CERTIFICATE, 0, new byte[10], 255));
        assertEquals(before, card.snapshot());
    }

    @Test
    void noCommandOutsideTheProtocolAnswers() {
        var known = new HashSet<Integer>();
        for (byte ins : new byte[] {Protocol.INS_GET_STATUS, Protocol.INS_LIST_SLOTS, Protocol.INS_GENERATE_KEY,
                Protocol.INS_GET_PUBLIC_KEY, Protocol.INS_SIGN, Protocol.INS_PUT_CERTIFICATE, Protocol.INS_GET_CERTIFICATE,
                Protocol.INS_DELETE_KEY, Protocol.INS_ATTEST, Protocol.INS_GET_ATTESTATION_CERTIFICATE,
                Protocol.INS_PERSONALISE, Protocol.INS_PUT_ATTESTATION_CERTIFICATE, Protocol.INS_LOCK_PERSONALISATION,
                Protocol.INS_VERIFY, Protocol.INS_CHANGE_REFERENCE_DATA, Protocol.INS_RESET_RETRY_COUNTER,
                Protocol.INS_GET_RESPONSE, Protocol.INS_SELECT}) {
            known.add(ins & 0xFF);
        }
        assertSw(0x9000, card.verify(Card.PIN));
        assertSw(0x9000, card.generate(0, Protocol.KEY_EC_P256, "k"));
        for (int ins = 0; ins < 256; ins++) {
            if (known.contains(ins) || (ins & 0xF0) == 0x60 || (ins & 0xF0) == 0x90) {
                continue; // 6x and 9x are not valid INS bytes
            }
            for (int cla : new int[] {0x00, 0x80}) {
                ResponseAPDU r = card.send(new CommandAPDU(cla, ins, 0, 0, 256));
                assertSw(0x6D00, r);
                assertEquals(0, r.getData().length);
            }
        }
    }

    private byte[] publicKey(int slot) {
        ResponseAPDU r = card.sendLong(new CommandAPDU(0x80, Protocol.INS_GET_PUBLIC_KEY & 0xFF, slot, 0, 256));
        assertSw(0x9000, r);
        return r.getData();
    }
}

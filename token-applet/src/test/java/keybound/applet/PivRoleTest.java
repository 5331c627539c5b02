package keybound.applet;

import static keybound.applet.Card.assertSw;
import static keybound.applet.PivCard.sha256;
import static keybound.applet.PivCard.tlv;
import static keybound.applet.PivCard.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import org.junit.jupiter.api.Test;

/** The PIV role over raw APDUs: the objects OpenSC reads, PIN, management key, keys, certificates, attestation. */
class PivRoleTest {
    private final PivCard piv = new PivCard();

    @Test
    void selectAnswersTheApplicationPropertyTemplate() {
        ResponseAPDU r = piv.select();
        assertSw(0x9000, r);
        assertEquals("61114f0600001000010079074f05a000000308", Card.hex(r.getData()));
        assertSw(0x9000, piv.send(0xFD, 0, 0, null));
        assertEquals("050700", Card.hex(piv.send(0xFD, 0, 0, null).getData()));
    }

    @Test
    void theChuidCarriesTheCardSerialAndTheOtherObjectsAnswer() {
        ResponseAPDU chuid = piv.getData((byte) 0x5F, (byte) 0xC1, (byte) 0x02);
        assertSw(0x9000, chuid);
        byte[] guid = value(value(chuid.getData(), 0x53), 0x34);
        assertEquals(Card.SERIAL, new String(guid, StandardCharsets.US_ASCII).replace("\0", ""));
        assertSw(0x9000, piv.getData((byte) 0x5F, (byte) 0xC1, (byte) 0x07));
        assertEquals(0x7E, piv.getData((byte) 0x7E).getData()[0] & 0xFF);
        assertEquals("5308c10100c20100fe00", Card.hex(piv.getData((byte) 0x5F, (byte) 0xC1, (byte) 0x0C).getData()));
        assertSw(0x6A82, piv.getData((byte) 0x5F, (byte) 0xC1, (byte) 0x05)); // no certificate yet
        assertSw(0x6A82, piv.getData((byte) 0x5F, (byte) 0xC1, (byte) 0x20)); // no such object
        assertEquals(4, piv.send(0xF8, 0, 0, null).getData().length);
    }

    @Test
    void ffPaddingIsNoWrongPinAndAWrongPinSaysTheTriesLeft() {
        assertSw(0x63C3, piv.send(0x20, 0x00, 0x80, null));
        assertSw(0x63C2, piv.verify("654321"));
        assertSw(0x9000, piv.verify(Card.PIN));
        assertSw(0x9000, piv.send(0x20, 0x00, 0x80, null));
        assertSw(0x9000, piv.send(0x20, 0xFF, 0x80, null)); // log out
        assertSw(0x63C3, piv.send(0x20, 0x00, 0x80, null)); // the right PIN restored the count
        assertSw(0x6A80, piv.send(0x20, 0x00, 0x80, Card.PIN.getBytes(StandardCharsets.US_ASCII)));
        assertSw(0x63C3, piv.send(0x20, 0x00, 0x80, null)); // an unpadded field spends no try
    }

    @Test
    void thePinAndPukChangeAndTheNewPukUnblocksThePin() {
        assertSw(0x9000, piv.send(0x24, 0x00, 0x80, concat(PivCard.padded(Card.PIN), PivCard.padded("24680246"))));
        assertSw(0x63C9, piv.send(0x24, 0x00, 0x81, concat(PivCard.padded("00000000"), PivCard.padded("11223344"))));
        assertSw(0x9000, piv.send(0x24, 0x00, 0x81, concat(PivCard.padded(Card.PUK), PivCard.padded("11223344"))));
        for (int left = 2; left >= 1; left--) {
            assertSw(0x63C0 | left, piv.verify("999999"));
        }
        assertSw(0x6983, piv.verify("999999"));
        assertSw(0x63C9, piv.send(0x2C, 0x00, 0x80, concat(PivCard.padded(Card.PUK), PivCard.padded("135791")))); // the old PUK is gone
        assertSw(0x9000, piv.send(0x2C, 0x00, 0x80, concat(PivCard.padded("11223344"), PivCard.padded("135791"))));
        assertSw(0x9000, piv.verify("135791"));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    @Test
    void aKeyGeneratedOverPivSignsADigestAndIsTheSameKeyInKeyboundsProtocol() throws Exception {
        piv.authenticate();
        ResponseAPDU generated = piv.generate(0x9A, PivProtocol.ALG_EC_P256);
        assertSw(0x9000, generated);
        byte[] point = value(PivCard.keyTemplate(generated), 0x86);
        PublicKey key = AppletMakerCa.publicKey(point);
        assertSw(0x9000, piv.verify(Card.PIN));
        byte[] message = "PIV logon".getBytes(StandardCharsets.UTF_8);
        ResponseAPDU signed = piv.sign(PivProtocol.ALG_EC_P256, 0x9A, sha256(message));
        assertSw(0x9000, signed);
        byte[] signature = value(value(signed.getData(), 0x7C), 0x82);
        assertTrue(Keys.verifies("SHA256withECDSA", key, message, signature));

        Card keybound = piv.card;
        keybound.select();
        ResponseAPDU slots = keybound.sendLong(new CommandAPDU(0x80, Protocol.INS_LIST_SLOTS & 0xFF, 0, 0, 256));
        assertTrue(Card.hex(slots.getData()).startsWith("000100065049562039"), Card.hex(slots.getData())); // slot 0, EC, "PIV 9A"
        ResponseAPDU publicKey = keybound.sendLong(new CommandAPDU(0x80, Protocol.INS_GET_PUBLIC_KEY & 0xFF, 0, 0, 256));
        assertArrayEquals(point, Arrays.copyOfRange(publicKey.getData(), 3, 68));
    }

    @Test
    void anRsaKeySignsAChainedPaddedBlock() throws Exception {
        piv.authenticate();
        ResponseAPDU generated = piv.generate(0x9C, PivProtocol.ALG_RSA_2048);
        assertSw(0x9000, generated);
        byte[] template = PivCard.keyTemplate(generated);
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, value(template, 0x81)), new BigInteger(1, value(template, 0x82))));
        assertSw(0x9000, piv.verify(Card.PIN));
        byte[] message = "RSA over PIV".getBytes(StandardCharsets.UTF_8);
        ResponseAPDU signed = piv.sign(PivProtocol.ALG_RSA_2048, 0x9C, pkcs1Block(sha256(message)));
        assertSw(0x9000, signed);
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(key);
        verifier.update(message);
        assertTrue(verifier.verify(value(value(signed.getData(), 0x7C), 0x82)));
    }

    @Test
    void aCertificatePutOverPivIsReadBackWhole() throws Exception {
        piv.authenticate();
        byte[] point = value(PivCard.keyTemplate(piv.generate(0x9A, PivProtocol.ALG_EC_P256)), 0x86);
        byte[] certificate = AppletMakerCa.INSTANCE.certify(point, "piv-holder");
        byte[] object = container(certificate);
        assertSw(0x9000, piv.sendChained(0xDB, 0x3F, 0xFF, putData(0x05, object)));
        ResponseAPDU read = piv.getData((byte) 0x5F, (byte) 0xC1, (byte) 0x05);
        assertSw(0x9000, read);
        assertArrayEquals(tlv(0x53, object), read.getData());
        assertSw(0x9000, piv.sendChained(0xDB, 0x3F, 0xFF, putData(0x05, new byte[0])));
        assertSw(0x6A82, piv.getData((byte) 0x5F, (byte) 0xC1, (byte) 0x05));
    }

    @Test
    void attestationIsACertificateForTheSlotKeyIssuedByTheAttestationKey() throws Exception {
        piv.authenticate();
        byte[] point = value(PivCard.keyTemplate(piv.generate(0x9A, PivProtocol.ALG_EC_P256)), 0x86);
        ResponseAPDU attested = piv.send(0xF9, 0x9A, 0x00, null);
        assertSw(0x9000, attested);
        var factory = CertificateFactory.getInstance("X.509");
        var slotCertificate = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(attested.getData()));
        byte[] f9 = value(value(piv.getData((byte) 0x5F, (byte) 0xFF, (byte) 0x01).getData(), 0x53), 0x70);
        var attestationCertificate = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(f9));
        assertArrayEquals(piv.card.attestationCertificate, f9);
        slotCertificate.verify(attestationCertificate.getPublicKey());
        assertEquals(attestationCertificate.getSubjectX500Principal(), slotCertificate.getIssuerX500Principal());
        assertEquals(AppletMakerCa.publicKey(point), slotCertificate.getPublicKey());
        assertEquals("CN=keybound PIV Attestation 9a", slotCertificate.getSubjectX500Principal().getName());
        byte[] policy = slotCertificate.getExtensionValue("1.3.6.1.4.1.41482.3.8");
        assertEquals("04020201", Card.hex(policy)); // OCTET STRING { PIN once, touch never }
        byte[] serial = slotCertificate.getExtensionValue("1.3.6.1.4.1.41482.3.7");
        assertArrayEquals(piv.send(0xF8, 0, 0, null).getData(), Arrays.copyOfRange(serial, 4, 8));
    }

    @Test
    void anAesManagementKeyReplacesTheDefault() throws Exception {
        piv.authenticate();
        byte[] aes = new byte[32];
        Arrays.fill(aes, (byte) 0x42);
        var body = new ByteArrayOutputStream();
        body.write(PivProtocol.ALG_AES_256);
        body.writeBytes(tlv(0x9B, aes));
        assertSw(0x9000, piv.send(0xFF, 0xFF, 0xFF, body.toByteArray()));
        assertEquals("01010c", Card.hex(Arrays.copyOf(piv.send(0xF7, 0, 0x9B, null).getData(), 3)));
        piv.select();
        assertSw(0x6A86, piv.authenticate(PivProtocol.ALG_3DES, PivCard.DEFAULT_MANAGEMENT_KEY));
        assertSw(0x9000, piv.authenticate(PivProtocol.ALG_AES_256, aes));
        assertSw(0x9000, piv.generate(0x9D, PivProtocol.ALG_EC_P256));
        byte[] wrong = aes.clone();
        wrong[0] ^= 1;
        piv.select();
        assertSw(0x6982, piv.authenticate(PivProtocol.ALG_AES_256, wrong));
        assertSw(0x6982, piv.generate(0x9D, PivProtocol.ALG_EC_P256));
    }

    @Test
    void badInputGetsItsStatusWordAndChangesNothing() throws Exception {
        piv.authenticate();
        assertSw(0x9000, piv.generate(0x9A, PivProtocol.ALG_EC_P256));
        String before = snapshot();
        piv.authenticate(); // the snapshot selected the keybound role, which ends the PIV session
        assertSw(0x6982, piv.sign(PivProtocol.ALG_EC_P256, 0x9A, new byte[32])); // before VERIFY
        assertSw(0x9000, piv.verify(Card.PIN));
        assertSw(0x6A88, piv.sign(PivProtocol.ALG_EC_P256, 0x9B + 1, new byte[32])); // no such key reference
        assertSw(0x6A88, piv.sign(PivProtocol.ALG_EC_P256, 0x9C, new byte[32])); // empty slot
        assertSw(0x6A86, piv.sign(PivProtocol.ALG_RSA_2048, 0x9A, new byte[256])); // algorithm not the key's
        assertSw(0x6A80, piv.sign(PivProtocol.ALG_EC_P256, 0x9A, new byte[31])); // digest of the wrong length
        assertSw(0x6A80, piv.send(0x87, 0x11, 0x9A, new byte[] {0x7C, 0x05, (byte) 0x82, 0x00})); // length past the end
        assertSw(0x6A88, piv.send(0x20, 0x00, 0x81, PivCard.padded(Card.PUK))); // VERIFY of the PUK reference
        assertSw(0x6A82, piv.getData((byte) 0x5F, (byte) 0xC1, (byte) 0x21));
        assertSw(0x6A80, piv.send(0xCB, 0x3F, 0xFF, new byte[] {0x5C, 0x03, 0x5F}));
        assertSw(0x6A86, piv.send(0xCB, 0x00, 0x00, tlv(0x5C, new byte[] {0x7E})));
        assertSw(0x6A86, piv.generate(0x9B, PivProtocol.ALG_EC_P256));
        assertSw(0x6A80, piv.generate(0x9C, 0x14)); // P-384 is not offered
        assertSw(0x6A81, piv.send(0xDB, 0x3F, 0xFF, putData(0x02, new byte[] {0x30, 0x00})));
        assertSw(0x6A80, piv.send(0x24, 0x00, 0x80, new byte[8]));
        assertSw(0x6D00, piv.send(0x2A, 0x00, 0x00, null));
        assertSw(0x6E00, piv.card.send(new CommandAPDU(0x80, 0xCB, 0x3F, 0xFF, tlv(0x5C, new byte[] {0x7E}), 256)));
        assertSw(0x6884, piv.card.send(new CommandAPDU(0x10, 0x20, 0x00, 0x80, PivCard.padded(Card.PIN))));
        assertSw(0x9000, piv.send(0x20, 0x00, 0x80, null)); // still verified: nothing above spent a try
        assertEquals(before, snapshot());
    }

    private String snapshot() {
        String keybound = piv.card.snapshot(); // selects nothing: keybound's commands answer 6D00/6E00 here
        piv.card.select();
        String state = piv.card.snapshot();
        piv.select();
        return keybound.length() + state;
    }

    private static byte[] putData(int last, byte[] object) {
        var body = new ByteArrayOutputStream();
        body.writeBytes(tlv(0x5C, new byte[] {0x5F, (byte) 0xC1, (byte) last}));
        body.writeBytes(tlv(0x53, object));
        return body.toByteArray();
    }

    private static byte[] container(byte[] certificate) {
        var object = new ByteArrayOutputStream();
        object.writeBytes(tlv(0x70, certificate));
        object.writeBytes(new byte[] {0x71, 0x01, 0x00, (byte) 0xFE, 0x00});
        return object.toByteArray();
    }

    /** EMSA-PKCS1-v1_5 for SHA-256, as a PIV host pads before GENERAL AUTHENTICATE. */
    private static byte[] pkcs1Block(byte[] digest) {
        byte[] prefix = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, (byte) 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01,
                0x05, 0x00, 0x04, 0x20};
        byte[] block = new byte[256];
        Arrays.fill(block, (byte) 0xFF);
        block[0] = 0;
        block[1] = 1;
        int t = prefix.length + digest.length;
        block[256 - t - 1] = 0;
        System.arraycopy(prefix, 0, block, 256 - t, prefix.length);
        System.arraycopy(digest, 0, block, 256 - digest.length, digest.length);
        return block;
    }
}

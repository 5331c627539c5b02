package keybound.bankapi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import keybound.bankapi.client.BankSettings;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** The byte formats and codes both sides rely on, pinned so that neither side can drift alone. */
class SharedFormatsTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void challengeBytesFollowTheDocumentedLayout() {
        byte[] nonce = new byte[32];
        for (int i = 0; i < nonce.length; i++) {
            nonce[i] = (byte) i;
        }
        String expected = HEX.formatHex("keybound/logon-challenge/v1".getBytes(StandardCharsets.US_ASCII)) + "00"
                + "0010" + HEX.formatHex("https://a.b:8443".getBytes(StandardCharsets.US_ASCII))
                + "20" + "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
                + "0000000102030405";
        assertArrayEquals(HEX.parseHex(expected), ChallengeFormat.toBeSigned(nonce, "https://a.b:8443", 0x0102030405L));
        assertThrows(IllegalArgumentException.class, () -> ChallengeFormat.toBeSigned(nonce, "", 1));
        assertThrows(IllegalArgumentException.class, () -> ChallengeFormat.toBeSigned(new byte[0], "https://a.b", 1));
    }

    @Test
    void renewalProofIsTheTagThenTheCsr() {
        byte[] csr = {0x30, 0x03, 0x02, 0x01, 0x01};
        assertArrayEquals(HEX.parseHex(HEX.formatHex("keybound-renewal-v1".getBytes(StandardCharsets.US_ASCII)) + "00" + "3003020101"),
                RenewalProof.message(csr));
    }

    @Test
    void enrollmentNonceBindsContractUserAndKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        SubjectPublicKeyInfo key = SubjectPublicKeyInfo.getInstance(generator.generateKeyPair().getPublic().getEncoded());
        SubjectPublicKeyInfo other = SubjectPublicKeyInfo.getInstance(generator.generateKeyPair().getPublic().getEncoded());
        byte[] base = EnrollmentNonce.forEnrollment("1234567890", "", key);
        assertEquals(32, base.length);
        assertArrayEquals(base, EnrollmentNonce.forEnrollment("1234567890", "", key));
        assertFalse(Arrays.equals(base, EnrollmentNonce.forEnrollment("1234567891", "", key)));
        assertFalse(Arrays.equals(base, EnrollmentNonce.forEnrollment("1234567890", "alice", key)));
        assertFalse(Arrays.equals(base, EnrollmentNonce.forEnrollment("1234567890", "", other)));
    }

    @Test
    void everyProblemCodeIsFoundByItsWireForm() {
        for (ProblemCode code : ProblemCode.values()) {
            assertEquals(Optional.of(code), ProblemCode.ofCode(code.code()));
            assertTrue(code.status() >= 400 && code.status() < 600, code + " is an error status");
        }
        assertEquals(Optional.empty(), ProblemCode.ofCode("no-such-code"));
    }

    @Test
    void theHolderTravelsAsThreeFields() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals("{\"kind\":\"user\",\"contractId\":\"1234567890\",\"userId\":\"alice\"}",
                json.writeValueAsString(BankApi.Account.ofUser("1234567890", "alice")));
        BankApi.Account administrator = json.readValue("{\"kind\":\"administrator\",\"contractId\":\"1234567890\",\"userId\":null}",
                BankApi.Account.class);
        assertTrue(administrator.administrator());
        assertEquals(BankApi.Account.ofAdministrator("1234567890"), administrator);
    }

    @Test
    void settingsNameTheOriginTheClientSignsFor() {
        List<X509Certificate> anchors = List.of(selfSigned());
        assertEquals("https://127.0.0.1:8443", new BankSettings(URI.create("https://127.0.0.1:8443/"), anchors).origin());
        assertEquals("https://bank.example", new BankSettings(URI.create("https://bank.example/"), anchors).origin());
        assertEquals("https://[::1]:8443", BankSettings.httpsOrigin("::1", 8443));
        assertThrows(IllegalArgumentException.class, () -> new BankSettings(URI.create("http://bank.example/"), anchors));
        assertThrows(IllegalArgumentException.class, () -> new BankSettings(URI.create("https://bank.example/"), List.of()));
    }

    private static X509Certificate selfSigned() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            KeyPair keys = generator.generateKeyPair();
            X500Name name = new X500Name("CN=test bank CA");
            Instant now = Instant.now();
            var holder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(now), Date.from(now.plusSeconds(3600)),
                    name, keys.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }
}

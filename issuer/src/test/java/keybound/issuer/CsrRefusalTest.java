package keybound.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import java.util.Optional;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.enrollment.AdministratorAcquisition;
import keybound.issuer.refusal.BadCsrSignatureException;
import keybound.issuer.refusal.CsrTooLargeException;
import keybound.issuer.refusal.MalformedCsrException;
import keybound.issuer.refusal.WeakKeyException;
import keybound.issuer.support.Engine;
import keybound.issuer.support.IssuerTestBase;
import keybound.testkit.keys.SoftwareKeys;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Every bad CSR gets its own error, before any secret is checked, and nothing is recorded as issued. */
@ParameterizedClass
@EnumSource(Engine.class)
class CsrRefusalTest extends IssuerTestBase {

    private OpenedContract contract;

    @BeforeEach
    void open() {
        contract = openContract();
    }

    private IssuedCertificate submit(byte[] csr) {
        return issuer.acquireAdministrator(new AdministratorAcquisition(contract.contractId(), contract.contractPin().copy(),
                contract.confirmationPin().copy(), csr, SOFTHSM, Optional.empty()));
    }

    private void assertNothingIssuedNorCounted() {
        assertEquals(0, certificateCount());
        assertEquals("0", queryString("SELECT failures FROM contract"));
        // refused before the secrets were checked: counted in the minute's summary, no row of its own
        assertEquals("0", queryString("SELECT COUNT(*) FROM audit_entry WHERE event = 'DENIED'"));
    }

    @Test
    void overTheSizeLimitIsRefusedBeforeParsing() {
        byte[] huge = new byte[config.csrMaxBytes() + 1]; // not even DER: proves the size is checked first
        assertThrows(CsrTooLargeException.class, () -> submit(huge));
        assertNothingIssuedNorCounted();
    }

    @Test
    void notDerIsRefused() {
        assertThrows(MalformedCsrException.class, () -> submit("-----BEGIN CERTIFICATE REQUEST-----".getBytes(StandardCharsets.US_ASCII)));
        assertNothingIssuedNorCounted();
    }

    @Test
    void trailingBytesAfterTheDerAreRefused() {
        byte[] csr = SoftwareKeys.csr(SoftwareKeys.ec());
        byte[] longer = Arrays.copyOf(csr, csr.length + 2);
        assertThrows(MalformedCsrException.class, () -> submit(longer));
        assertNothingIssuedNorCounted();
    }

    @Test
    void aSignatureThatDoesNotVerifyIsNoProofOfPossession() {
        byte[] csr = SoftwareKeys.csr(SoftwareKeys.ec());
        csr[csr.length - 5] ^= 0x01; // inside the signature's last integer
        assertThrows(BadCsrSignatureException.class, () -> submit(csr));
        assertNothingIssuedNorCounted();
    }

    @Test
    void aCsrSignedByAnotherKeyIsRefused() throws Exception {
        var keys = SoftwareKeys.ec();
        var other = SoftwareKeys.ec();
        var builder = new JcaPKCS10CertificationRequestBuilder(
                new X500Name("CN=x"), keys.getPublic());
        byte[] csr = builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                .build(other.getPrivate())).getEncoded();
        assertThrows(BadCsrSignatureException.class, () -> submit(csr));
        assertNothingIssuedNorCounted();
    }

    @Test
    void rsaBelow2048BitsIsWeak() {
        assertThrows(WeakKeyException.class, () -> submit(SoftwareKeys.csr(SoftwareKeys.rsa(1024))));
        assertNothingIssuedNorCounted();
    }

    @Test
    void ecOnAnotherCurveIsRefused() {
        assertThrows(WeakKeyException.class, () -> submit(SoftwareKeys.csr(SoftwareKeys.ec("secp384r1"))));
        assertNothingIssuedNorCounted();
    }

    @Test
    void aSha1SignatureIsNoProofOfPossession() throws Exception {
        var keys = SoftwareKeys.ec();
        byte[] csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=x"), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA1withECDSA").build(keys.getPrivate())).getEncoded();
        var refused = assertThrows(BadCsrSignatureException.class, () -> submit(csr));
        assertTrue(refused.getMessage().contains("SHA-256"), refused.getMessage());
        assertNothingIssuedNorCounted();
    }

    @Test
    void rsaWithPublicExponent3IsWeak() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(new RSAKeyGenParameterSpec(2048, BigInteger.valueOf(3)));
        var refused = assertThrows(WeakKeyException.class, () -> submit(SoftwareKeys.csr(generator.generateKeyPair())));
        assertTrue(refused.getMessage().contains("65537"), refused.getMessage());
        assertNothingIssuedNorCounted();
    }

    @Test
    void rsa2048IsAccepted() {
        submit(SoftwareKeys.csr(SoftwareKeys.rsa(2048)));
        assertEquals(1, certificateCount());
    }
}

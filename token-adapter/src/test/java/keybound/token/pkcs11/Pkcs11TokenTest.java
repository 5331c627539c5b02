package keybound.token.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Signature;
import java.security.cert.X509Certificate;
import keybound.testkit.ca.TestCa;
import keybound.testkit.softhsm.SoftHsmExtension;
import keybound.testkit.softhsm.TokenSpec;
import keybound.token.CredentialQuery;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import keybound.token.Secret;
import keybound.token.TokenKind;
import keybound.token.TokenSession;
import keybound.token.bc.CsrFactory;
import keybound.token.bc.TokenContentSigner;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;


/** The PKCS#11 token against the real SoftHSM library: generate, sign, CSR, certificate. */
@ExtendWith(SoftHsmExtension.class)
class Pkcs11TokenTest {

    private static TokenSpec spec;
    private static Pkcs11Token token;

    @BeforeAll
    static void createToken() {
        spec = SoftHsmTokens.create("p11-basic");
        token = SoftHsmTokens.token(spec);
    }

    @AfterAll
    static void closeToken() {
        token.close();
    }

    private static TokenSession open() {
        try (Secret pin = Secret.of(spec.userPin())) {
            return token.open(pin);
        }
    }

    @Test
    void reportsWhatTheTokenIs() {
        var info = token.info();
        assertEquals(TokenKind.PKCS11, info.kind());
        assertEquals(spec.label(), info.label());
        assertEquals(16, info.serial().length());
        assertEquals("SoftHSM project", info.manufacturer());
        assertTrue(SoftHsmTokens.module().tokens().stream().anyMatch(t -> t.serial().equals(info.serial())));
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void signsWhatTheJceVerifies(KeyAlgorithm algorithm) throws Exception {
        try (TokenSession session = open()) {
            KeyRef key = session.generateKeyPair(algorithm, "sign-" + algorithm);
            byte[] data = ("to be signed by " + algorithm).getBytes();
            byte[] signature = session.sign(key, algorithm.defaultSignature(), data);
            var verifier = Signature.getInstance(algorithm.defaultSignature().jcaName());
            verifier.initVerify(session.publicKey(key));
            verifier.update(data);
            assertTrue(verifier.verify(signature));
            verifier.initVerify(session.publicKey(key));
            verifier.update("something else".getBytes());
            assertTrue(!verifier.verify(signature), "a signature must not verify other data");
        }
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void csrSignedOnTheTokenVerifiesAndCarriesItsKey(KeyAlgorithm algorithm) throws Exception {
        try (TokenSession session = open()) {
            KeyRef key = session.generateKeyPair(algorithm, "csr-" + algorithm);
            var csr = CsrFactory.create(session, key, new X500Name("CN=csr " + algorithm + ",O=keybound"));
            var verifier = new JcaContentVerifierProviderBuilder().setProvider(new BouncyCastleProvider()).build(csr.getSubjectPublicKeyInfo());
            assertTrue(csr.isSignatureValid(verifier));
            assertArrayEquals(session.publicKey(key).getEncoded(), csr.getSubjectPublicKeyInfo().getEncoded());
        }
    }

    @Test
    void storesTheCertificateUnderTheKeysIdAndFindsIt() throws Exception {
        try (TokenSession session = open()) {
            KeyRef key = session.generateKeyPair(KeyAlgorithm.EC_P256, "with-cert");
            X509Certificate certificate = selfSigned(session, key, "CN=Alice Example,O=keybound");
            session.storeCertificate(key, certificate);

            var byId = session.find(CredentialQuery.id(key.id())).orElseThrow();
            assertEquals(certificate, byId.certificate().orElseThrow());
            assertEquals(key, byId.key());
            assertEquals(key, session.find(CredentialQuery.label("with-cert")).orElseThrow().key());
            assertEquals(key, session.find(CredentialQuery.subject("Alice Example")).orElseThrow().key());
            assertEquals(key, session.find(CredentialQuery.subject(certificate.getSubjectX500Principal().getName())).orElseThrow().key());
            assertTrue(session.credentials().stream().anyMatch(c -> c.key().equals(key) && c.certificate().isPresent()));
        }
    }

    static X509Certificate selfSigned(TokenSession session, KeyRef key, String subject) {
        return TestCa.selfSigned(subject, session.publicKey(key), new TokenContentSigner(session, key));
    }
}

package keybound.token.jca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.PrivateKey;
import java.security.Signature;
import java.util.Collections;
import java.util.List;
import keybound.testkit.ca.TestCa;
import keybound.testkit.softhsm.SoftHsmExtension;
import keybound.testkit.softhsm.TokenSpec;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import keybound.token.Secret;
import keybound.token.TokenNotPresentException;
import keybound.token.TokenSelector;
import keybound.token.TokenSession;
import keybound.token.pkcs11.Pkcs11Token;
import keybound.token.pkcs11.SoftHsmTokens;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What SunPKCS11 shows of a token keybound filled, and what it hides. */
@ExtendWith(SoftHsmExtension.class)
class SunPkcs11BridgeTest {

    @Test
    void theKeyStoreShowsCertifiedKeysOnlyWhileTheTokenApiListsAll() throws Exception {
        var ca = TestCa.create("bridge CA");
        TokenSpec spec = SoftHsmTokens.create("bridge");
        KeyRef certified;
        try (Pkcs11Token token = SoftHsmTokens.token(spec); Secret pin = Secret.of(spec.userPin());
             TokenSession session = token.open(pin)) {
            certified = session.generateKeyPair(KeyAlgorithm.RSA_2048, "certified");
            session.generateKeyPair(KeyAlgorithm.EC_P256, "bare");
            var csr = keybound.token.bc.CsrFactory.create(session, certified, new X500Name("CN=Bridge"));
            session.storeCertificate(certified,
                    ca.issueClient("Bridge", new JcaPEMKeyConverter().getPublicKey(csr.getSubjectPublicKeyInfo())));
            assertEquals(2, session.credentials().size());
        }
        try (Secret pin = Secret.of(spec.userPin());
             SunPkcs11Bridge bridge = SunPkcs11Bridge.open(SoftHsmTokens.module(), TokenSelector.label(spec.label()), pin)) {
            List<String> aliases = Collections.list(bridge.keyStore().aliases());
            assertEquals(List.of("certified"), aliases);

            // A JCA signature made by SunPKCS11 with the token key verifies with the certificate.
            var key = (PrivateKey) bridge.keyStore().getKey("certified", null);
            var signer = Signature.getInstance("SHA256withRSA", bridge.provider());
            signer.initSign(key);
            signer.update("through SunPKCS11".getBytes());
            byte[] signature = signer.sign();
            var verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(bridge.keyStore().getCertificate("certified"));
            verifier.update("through SunPKCS11".getBytes());
            assertTrue(verifier.verify(signature));
        }
    }

    @Test
    void closingTheBridgeLeavesAnOpenLeaseLoggedIn() throws Exception {
        TokenSpec spec = SoftHsmTokens.create("bridge-shared");
        try (Pkcs11Token token = SoftHsmTokens.token(spec); Secret pin = Secret.of(spec.userPin());
             TokenSession session = token.open(pin)) {
            KeyRef key = session.generateKeyPair(KeyAlgorithm.EC_P256, "shared");
            try (Secret bridgePin = Secret.of(spec.userPin());
                 SunPkcs11Bridge bridge = SunPkcs11Bridge.open(SoftHsmTokens.module(), TokenSelector.label(spec.label()), bridgePin)) {
                assertTrue(bridge.keyStore().size() == 0, "no certificate yet, so SunPKCS11 shows nothing");
            } // ends the bridge's lease only: ours is still open
            byte[] signature = session.sign(key, keybound.token.SignatureAlgorithm.SHA256_WITH_ECDSA, new byte[16]);
            var verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(session.publicKey(key));
            verifier.update(new byte[16]);
            assertTrue(verifier.verify(signature));
            assertEquals(1, session.credentials().size());
        }
    }

    @Test
    void tokenApiLeasesComingAndGoingNeverInvalidateSunPkcs11KeyHandles() throws Exception {
        var ca = TestCa.create("bridge CA");
        TokenSpec spec = SoftHsmTokens.create("bridge-handles");
        KeyRef key;
        try (Pkcs11Token token = SoftHsmTokens.token(spec); Secret pin = Secret.of(spec.userPin());
             TokenSession session = token.open(pin)) {
            key = session.generateKeyPair(KeyAlgorithm.EC_P256, "handles");
            session.storeCertificate(key, ca.issueClient("Handles", session.publicKey(key)));
        }
        try (Secret bridgePin = Secret.of(spec.userPin());
             SunPkcs11Bridge bridge = SunPkcs11Bridge.open(SoftHsmTokens.module(), TokenSelector.label(spec.label()), bridgePin)) {
            var privateKey = (PrivateKey) bridge.keyStore().getKey("handles", null);
            var certificate = bridge.keyStore().getCertificate("handles");
            assertTrue(signsAndVerifies(bridge, privateKey, certificate));
            Pkcs11Token token = SoftHsmTokens.module().token(TokenSelector.label(spec.label()));
            try (Secret pin = Secret.of(spec.userPin()); TokenSession lease = token.open(pin)) {
                lease.sign(key, keybound.token.SignatureAlgorithm.SHA256_WITH_ECDSA, new byte[8]);
                assertTrue(signsAndVerifies(bridge, privateKey, certificate), "while a Token API lease is open");
            }
            // A C_Logout here would have invalidated the handle SunPKCS11 holds for the private key.
            assertTrue(signsAndVerifies(bridge, privateKey, certificate), "after the last Token API lease closed");
        }
    }

    private static boolean signsAndVerifies(SunPkcs11Bridge bridge, PrivateKey key, java.security.cert.Certificate certificate)
            throws Exception {
        var signer = Signature.getInstance("SHA256withECDSA", bridge.provider());
        signer.initSign(key);
        signer.update("bridge".getBytes());
        var verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(certificate);
        verifier.update("bridge".getBytes());
        return verifier.verify(signer.sign());
    }

    @Test
    void aWrongPinIsRefusedEvenWhenSunPkcs11HasLoggedTheTokenIn() {
        TokenSpec spec = SoftHsmTokens.create("bridge-first");
        try (Secret bridgePin = Secret.of(spec.userPin());
             SunPkcs11Bridge bridge = SunPkcs11Bridge.open(SoftHsmTokens.module(), TokenSelector.label(spec.label()), bridgePin);
             Pkcs11Token token = SoftHsmTokens.token(spec)) {
            try (Secret wrong = Secret.of("not-the-pin")) {
                assertThrows(keybound.token.WrongPinException.class, () -> token.open(wrong));
            }
            try (Secret right = Secret.of(spec.userPin()); TokenSession session = token.open(right)) {
                assertTrue(session.credentials().isEmpty());
            }
        }
    }

    @Test
    void anAbsentTokenIsNotPresent() {
        try (Secret pin = Secret.of("whatever")) {
            assertThrows(TokenNotPresentException.class,
                    () -> SunPkcs11Bridge.open(SoftHsmTokens.module(), TokenSelector.label("nobody-has-this"), pin));
        }
    }

    @Test
    void theConfigComesFromTheTemplate() {
        String text = new SunPkcs11Config("keybound-test", java.nio.file.Path.of("/usr/lib/softhsm/libsofthsm2.so"), 7).render();
        assertTrue(text.contains("name = keybound-test"));
        assertTrue(text.contains("library = /usr/lib/softhsm/libsofthsm2.so"));
        assertTrue(text.contains("slot = 7"));
        assertTrue(text.contains("CKA_EXTRACTABLE = false"));
        assertThrows(IllegalArgumentException.class,
                () -> new SunPkcs11Config("bad name\nlibrary = /tmp/evil.so", java.nio.file.Path.of("/x.so"), 1));
    }
}

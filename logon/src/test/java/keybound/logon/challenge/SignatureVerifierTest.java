package keybound.logon.challenge;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import keybound.testkit.ca.TestCa;
import org.junit.jupiter.api.Test;

class SignatureVerifierTest {

    private final SignatureVerifier verifier = new SignatureVerifier();
    private final byte[] data = "to be signed".getBytes(StandardCharsets.UTF_8);

    @Test
    void bouncyCastleAcceptsAJdkEcdsaSignatureAndRejectsATamperedOne() {
        KeyPair keys = TestCa.ecKeyPair();
        byte[] signature = LogonChallengesTest.sign(keys.getPrivate(), "SHA256withECDSA", data);
        assertTrue(verifier.verify(keys.getPublic(), data, signature));
        byte[] tampered = data.clone();
        tampered[0] ^= 1;
        assertFalse(verifier.verify(keys.getPublic(), tampered, signature));
    }

    @Test
    void garbledSignatureIsFalseNotAnException() {
        KeyPair keys = TestCa.ecKeyPair();
        assertFalse(verifier.verify(keys.getPublic(), data, new byte[] {0x30, 0x02, 0x01}));
        assertFalse(verifier.verify(TestCa.rsaKeyPair().getPublic(), data, new byte[3]));
    }

    @Test
    void otherKeyTypesAreRejected() throws Exception {
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        assertThrows(IllegalArgumentException.class, () -> verifier.verify(ed.getPublic(), data, new byte[64]));
    }
}

package keybound.token.pkcs11;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Signature;
import keybound.testkit.softhsm.SoftHsmExtension;
import keybound.testkit.softhsm.SoftHsmMechanisms;
import keybound.testkit.softhsm.TokenSpec;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import keybound.token.MechanismUnsupportedException;
import keybound.token.Secret;
import keybound.token.SignatureAlgorithm;
import keybound.token.TokenSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A SoftHSM that cannot generate EC keys and has no CKM_SHA256_RSA_PKCS: generation is refused as
 * unsupported, and RSA signing falls back to hashing on the host and CKM_RSA_PKCS over a DigestInfo.
 */
@ExtendWith(SoftHsmExtension.class)
@SoftHsmMechanisms("-,CKM_EC_KEY_PAIR_GEN,CKM_SHA256_RSA_PKCS")
class RestrictedMechanismsTest {

    private static TokenSpec spec;
    private static Pkcs11Token token;

    @BeforeAll
    static void createToken() {
        spec = SoftHsmTokens.create("p11-restricted");
        token = SoftHsmTokens.token(spec);
    }

    @AfterAll
    static void closeToken() {
        token.close();
    }

    @Test
    void aKeyTheTokenCannotGenerateIsUnsupported() {
        try (Secret pin = Secret.of(spec.userPin()); TokenSession session = token.open(pin)) {
            var error = assertThrows(MechanismUnsupportedException.class,
                    () -> session.generateKeyPair(KeyAlgorithm.EC_P256, "no-ec"));
            assertTrue(error.getMessage().contains("EC_P256"));
        }
    }

    @Test
    void rsaWithoutTheCombinedMechanismSignsADigestInfoThatTheJceVerifies() throws Exception {
        assertTrue(!token.mechanisms().contains(org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_SHA256_RSA_PKCS));
        try (Secret pin = Secret.of(spec.userPin()); TokenSession session = token.open(pin)) {
            KeyRef key = session.generateKeyPair(KeyAlgorithm.RSA_2048, "rsa-fallback");
            byte[] data = "hash on the host, sign on the token".getBytes();
            byte[] signature = session.sign(key, SignatureAlgorithm.SHA256_WITH_RSA, data);
            var verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(session.publicKey(key));
            verifier.update(data);
            assertTrue(verifier.verify(signature));
        }
    }
}

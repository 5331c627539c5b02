package keybound.token.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Signature;
import keybound.testkit.softhsm.SoftHsmExtension;
import keybound.testkit.softhsm.TokenSpec;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import keybound.token.Secret;
import keybound.token.TokenSession;
import keybound.token.jca.TokenPrivateKey;
import keybound.token.jca.TokenProvider;
import keybound.token.pkcs11.Pkcs11Token;
import keybound.token.pkcs11.SoftHsmTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The JCA provider is generic over the Token API: the same classes sign with a SoftHSM key. */
@ExtendWith(SoftHsmExtension.class)
class TokenProviderOnSoftHsmTest {
    private static TokenSpec spec;
    private static Pkcs11Token token;

    @BeforeAll
    static void createToken() {
        TokenProvider.install();
        spec = SoftHsmTokens.create("jca-generic");
        token = SoftHsmTokens.token(spec);
    }

    @AfterAll
    static void closeToken() {
        token.close();
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void jcaSignatureWithAPkcs11KeyVerifiesInSoftware(KeyAlgorithm algorithm) throws Exception {
        try (Secret pin = Secret.of(spec.userPin()); TokenSession session = token.open(pin)) {
            KeyRef key = session.generateKeyPair(algorithm, "jca-" + algorithm);
            String name = algorithm.defaultSignature().jcaName();
            var signer = Signature.getInstance(name);
            signer.initSign(TokenPrivateKey.of(session, key));
            signer.update("generic".getBytes());
            byte[] signature = signer.sign();
            assertEquals(TokenProvider.NAME, signer.getProvider().getName());
            var verifier = Signature.getInstance(name);
            verifier.initVerify(session.publicKey(key));
            verifier.update("generic".getBytes());
            assertTrue(verifier.verify(signature));
        }
    }
}

package keybound.token.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.*;

import java.util.HexFormat;
import keybound.testkit.softhsm.SoftHsmExtension;
import keybound.testkit.softhsm.TokenSpec;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import keybound.token.Secret;
import keybound.token.TokenSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;

/**
 * The private key cannot leave the token: its value reads as sensitive, wrapping it fails, and
 * it cannot be made extractable afterwards. Uses raw PKCS#11 calls on a session of the token.
 */
@ExtendWith(SoftHsmExtension.class)
class NonExtractableKeyTest {

    private static TokenSpec spec;
    private static Pkcs11Token token;

    @BeforeAll
    static void createToken() {
        spec = SoftHsmTokens.create("p11-extract");
        token = SoftHsmTokens.token(spec);
    }

    @AfterAll
    static void closeToken() {
        token.close();
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void thePrivateKeyIsSensitiveAndCannotBeWrapped(KeyAlgorithm algorithm) {
        try (Secret pin = Secret.of(spec.userPin()); TokenSession session = token.open(pin)) {
            KeyRef key = session.generateKeyPair(algorithm, "locked-" + algorithm);
            token.call("test", raw -> {
                long handle = privateKey(raw, key);
                long secretAttribute = algorithm == KeyAlgorithm.EC_P256 ? CKA_VALUE : CKA_PRIVATE_EXPONENT;
                KeyProtection.assertStaysOnToken(raw, handle, secretAttribute);
                assertEquals(true, raw.getAttrValues(handle, CKA_SIGN).sign());
                return null;
            });
        }
    }

    private static long privateKey(Session raw, KeyRef key) throws PKCS11Exception {
        return KeyProtection.onlyObject(raw, new AttributeVector().class_(CKO_PRIVATE_KEY).id(HexFormat.of().parseHex(key.id())));
    }
}

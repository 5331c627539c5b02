package keybound.token.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
                AttributeVector flags = raw.getAttrValues(handle, CKA_SENSITIVE, CKA_EXTRACTABLE, CKA_ALWAYS_SENSITIVE,
                        CKA_NEVER_EXTRACTABLE, CKA_TOKEN, CKA_PRIVATE, CKA_SIGN);
                assertEquals(true, flags.sensitive());
                assertEquals(false, flags.extractable());
                assertEquals(true, flags.alwaysSensitive());
                assertEquals(true, flags.neverExtractable());
                assertEquals(true, flags.token());
                assertEquals(true, flags.private_());
                assertEquals(true, flags.sign());

                long secretAttribute = algorithm == KeyAlgorithm.EC_P256 ? CKA_VALUE : CKA_PRIVATE_EXPONENT;
                KeyProtection.assertUnreadable(raw, handle, secretAttribute);
                KeyProtection.assertWrapRefused(raw, handle);
                var makeExtractable = assertThrows(PKCS11Exception.class,
                        () -> raw.setAttributeValues(handle, new AttributeVector().extractable(true)));
                assertTrue(makeExtractable.getErrorCode() == CKR_ATTRIBUTE_READ_ONLY
                        || makeExtractable.getErrorCode() == CKR_ACTION_PROHIBITED, Ckr.name(makeExtractable.getErrorCode()));
                return null;
            });
        }
    }

    private static long privateKey(Session raw, KeyRef key) throws PKCS11Exception {
        return KeyProtection.onlyObject(raw, new AttributeVector().class_(CKO_PRIVATE_KEY).id(HexFormat.of().parseHex(key.id())));
    }
}

package keybound.token.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import org.xipki.pkcs11.wrapper.Mechanism;
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
                assertEquals(Boolean.TRUE, flags.sensitive());
                assertEquals(Boolean.FALSE, flags.extractable());
                assertEquals(Boolean.TRUE, flags.alwaysSensitive());
                assertEquals(Boolean.TRUE, flags.neverExtractable());
                assertEquals(Boolean.TRUE, flags.token());
                assertEquals(Boolean.TRUE, flags.private_());
                assertEquals(Boolean.TRUE, flags.sign());

                long secretAttribute = algorithm == KeyAlgorithm.EC_P256 ? CKA_VALUE : CKA_PRIVATE_EXPONENT;
                assertSecretUnreadable(raw, handle, secretAttribute);
                assertWrapRefused(raw, handle);
                var makeExtractable = assertThrows(PKCS11Exception.class,
                        () -> raw.setAttributeValues(handle, new AttributeVector().extractable(true)));
                assertTrue(makeExtractable.getErrorCode() == CKR_ATTRIBUTE_READ_ONLY
                        || makeExtractable.getErrorCode() == CKR_ACTION_PROHIBITED, Ckr.name(makeExtractable.getErrorCode()));
                return null;
            });
        }
    }

    private static void assertSecretUnreadable(Session raw, long handle, long attribute) throws PKCS11Exception {
        // The wrapper reports a sensitive attribute either as CKR_ATTRIBUTE_SENSITIVE or as no value.
        try {
            AttributeVector secret = raw.getAttrValues(handle, attribute);
            assertNull(secret.getAttribute(attribute) == null ? null : secret.getAttribute(attribute).getValue(),
                    "the private key's secret must not be readable");
        } catch (PKCS11Exception e) {
            assertEquals("CKR_ATTRIBUTE_SENSITIVE", Ckr.name(e.getErrorCode()));
        }
    }

    private static void assertWrapRefused(Session raw, long handle) throws PKCS11Exception {
        var aesTemplate = AttributeVector.newAESSecretKey().token(false).valueLen(32).wrap(true).extractable(false);
        long wrappingKey = raw.generateKey(new Mechanism(CKM_AES_KEY_GEN), aesTemplate);
        try {
            var refused = assertThrows(PKCS11Exception.class,
                    () -> raw.wrapKey(new Mechanism(CKM_AES_KEY_WRAP_PAD), wrappingKey, handle));
            assertEquals("CKR_KEY_UNEXTRACTABLE", Ckr.name(refused.getErrorCode()));
        } finally {
            raw.destroyObject(wrappingKey);
        }
    }

    private static long privateKey(Session raw, KeyRef key) throws PKCS11Exception {
        long[] handles = raw.findObjectsSingle(new AttributeVector().class_(CKO_PRIVATE_KEY)
                .id(HexFormat.of().parseHex(key.id())), 2);
        assertEquals(1, handles.length);
        return handles[0];
    }
}

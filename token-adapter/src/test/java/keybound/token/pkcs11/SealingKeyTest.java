package keybound.token.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.*;

import java.nio.charset.StandardCharsets;
import keybound.testkit.softhsm.SoftHsmExtension;
import keybound.testkit.softhsm.TokenSpec;
import keybound.token.SealingKeyRef;
import keybound.token.Secret;
import keybound.token.TokenSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.params.GCM_PARAMS;

/**
 * The AES sealing key on SoftHSM: its attributes, its value unreadable and unwrappable, and what
 * it seals opened by the token's own C_Decrypt with the same GCM parameters.
 */
@ExtendWith(SoftHsmExtension.class)
class SealingKeyTest {

    private static final byte[] IV = new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

    private static TokenSpec spec;
    private static Pkcs11Token token;

    @BeforeAll
    static void createToken() {
        spec = SoftHsmTokens.create("p11-seal");
        token = SoftHsmTokens.token(spec);
    }

    @AfterAll
    static void closeToken() {
        token.close();
    }

    @Test
    void theKeyIsASensitiveNonExtractableAesTokenObjectThatOnlyEncrypts() {
        try (Secret pin = Secret.of(spec.userPin()); TokenSession session = token.open(pin)) {
            SealingKeyRef key = session.generateSealingKey("sealing-attributes");
            token.call("test", raw -> {
                long handle = handle(raw, key);
                AttributeVector flags = raw.getAttrValues(handle, CKA_KEY_TYPE, CKA_SENSITIVE, CKA_EXTRACTABLE,
                        CKA_ALWAYS_SENSITIVE, CKA_NEVER_EXTRACTABLE, CKA_TOKEN, CKA_PRIVATE, CKA_ENCRYPT, CKA_DECRYPT,
                        CKA_SIGN, CKA_WRAP, CKA_UNWRAP, CKA_DERIVE, CKA_VALUE_LEN);
                assertEquals(CKK_AES, flags.keyType());
                assertEquals(true, flags.sensitive());
                assertEquals(false, flags.extractable());
                assertEquals(true, flags.alwaysSensitive());
                assertEquals(true, flags.neverExtractable());
                assertEquals(true, flags.token());
                assertEquals(true, flags.private_());
                assertEquals(true, flags.encrypt());
                assertEquals(true, flags.decrypt());
                assertEquals(false, flags.sign());
                assertEquals(false, flags.wrap());
                assertEquals(false, flags.unwrap());
                assertEquals(false, flags.derive());
                assertEquals(32, flags.valueLen());
                assertValueUnreadable(raw, handle);
                assertWrapRefused(raw, handle);
                var makeExtractable = assertThrows(PKCS11Exception.class,
                        () -> raw.setAttributeValues(handle, new AttributeVector().extractable(true)));
                assertTrue(makeExtractable.getErrorCode() == CKR_ATTRIBUTE_READ_ONLY
                        || makeExtractable.getErrorCode() == CKR_ACTION_PROHIBITED, Ckr.name(makeExtractable.getErrorCode()));
                return null;
            });
        }
    }

    @Test
    void whatTheApiSealsIsPlainAesGcmOnTheToken() {
        byte[] aad = "keybound-totp-v1|0123456789".getBytes(StandardCharsets.US_ASCII);
        byte[] plain = "a seed of twenty byt".getBytes(StandardCharsets.US_ASCII);
        try (Secret pin = Secret.of(spec.userPin()); TokenSession session = token.open(pin)) {
            SealingKeyRef key = session.generateSealingKey("sealing-gcm");
            byte[] sealed = session.seal(key, IV, aad, plain);
            token.call("test", raw -> {
                byte[] opened = raw.decryptSingle(new Mechanism(CKM_AES_GCM, new GCM_PARAMS(IV, aad, 128)),
                        handle(raw, key), sealed);
                assertArrayEquals(plain, opened);
                return null;
            });
        }
    }

    private static void assertValueUnreadable(Session raw, long handle) throws PKCS11Exception {
        // The wrapper reports a sensitive attribute either as CKR_ATTRIBUTE_SENSITIVE or as no value.
        try {
            AttributeVector value = raw.getAttrValues(handle, CKA_VALUE);
            assertNull(value.getAttribute(CKA_VALUE) == null ? null : value.getAttribute(CKA_VALUE).getValue(),
                    "the sealing key's value must not be readable");
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

    private static long handle(Session raw, SealingKeyRef key) throws PKCS11Exception {
        long[] handles = raw.findObjectsSingle(new AttributeVector().class_(CKO_SECRET_KEY).id(key.idBytes()), 2);
        assertEquals(1, handles.length);
        return handles[0];
    }
}

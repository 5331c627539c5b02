package keybound.token.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_KEY_GEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_KEY_WRAP_PAD;

import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;

/** Raw PKCS#11 checks that a key stays on the token, shared by the private-key and MAC-key tests. */
final class KeyProtection {

    private KeyProtection() {
    }

    /** The one object {@code template} finds (a test fails on none or several). */
    static long onlyObject(Session raw, AttributeVector template) throws PKCS11Exception {
        long[] handles = raw.findObjectsSingle(template, 2);
        assertEquals(1, handles.length);
        return handles[0];
    }

    /** The key's {@code attribute} (its secret value) cannot be read. */
    static void assertUnreadable(Session raw, long handle, long attribute) throws PKCS11Exception {
        // The wrapper reports a sensitive attribute either as CKR_ATTRIBUTE_SENSITIVE or as no value.
        try {
            AttributeVector secret = raw.getAttrValues(handle, attribute);
            assertNull(secret.getAttribute(attribute) == null ? null : secret.getAttribute(attribute).getValue(),
                    "the key's secret value must not be readable");
        } catch (PKCS11Exception e) {
            assertEquals("CKR_ATTRIBUTE_SENSITIVE", Ckr.name(e.getErrorCode()));
        }
    }

    /** Wrapping the key under a fresh AES key is refused as unextractable. */
    static void assertWrapRefused(Session raw, long handle) throws PKCS11Exception {
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
}

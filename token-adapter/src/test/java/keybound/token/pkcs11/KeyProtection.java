package keybound.token.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_ALWAYS_SENSITIVE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EXTRACTABLE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_NEVER_EXTRACTABLE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_PRIVATE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_SENSITIVE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_TOKEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_KEY_GEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_KEY_WRAP_PAD;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_ACTION_PROHIBITED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_ATTRIBUTE_READ_ONLY;

import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;

/** Raw PKCS#11 checks that a key stays on the token, shared by the private, MAC and sealing key tests. */
final class KeyProtection {

    private KeyProtection() {
    }

    /** The one object {@code template} finds (a test fails on none or several). */
    static long onlyObject(Session raw, AttributeVector template) throws PKCS11Exception {
        long[] handles = raw.findObjectsSingle(template, 2);
        assertEquals(1, handles.length);
        return handles[0];
    }

    /**
     * The key is a private token object, sensitive and never extractable since it was made: its
     * {@code secretAttribute} cannot be read, wrapping it is refused, and it cannot be made
     * extractable afterwards.
     */
    static void assertStaysOnToken(Session raw, long handle, long secretAttribute) throws PKCS11Exception {
        AttributeVector flags = raw.getAttrValues(handle, CKA_SENSITIVE, CKA_EXTRACTABLE, CKA_ALWAYS_SENSITIVE,
                CKA_NEVER_EXTRACTABLE, CKA_TOKEN, CKA_PRIVATE);
        assertEquals(true, flags.sensitive());
        assertEquals(false, flags.extractable());
        assertEquals(true, flags.alwaysSensitive());
        assertEquals(true, flags.neverExtractable());
        assertEquals(true, flags.token());
        assertEquals(true, flags.private_());
        assertUnreadable(raw, handle, secretAttribute);
        assertWrapRefused(raw, handle);
        var makeExtractable = assertThrows(PKCS11Exception.class,
                () -> raw.setAttributeValues(handle, new AttributeVector().extractable(true)));
        assertTrue(makeExtractable.getErrorCode() == CKR_ATTRIBUTE_READ_ONLY
                || makeExtractable.getErrorCode() == CKR_ACTION_PROHIBITED, Ckr.name(makeExtractable.getErrorCode()));
    }

    /** The key's {@code attribute} (its secret value) cannot be read. */
    private static void assertUnreadable(Session raw, long handle, long attribute) throws PKCS11Exception {
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
}

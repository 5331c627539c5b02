package keybound.token.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * The AES sealing key on SoftHSM: its attributes, that it stays on the token, and what
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
                KeyProtection.assertStaysOnToken(raw, handle, CKA_VALUE);
                AttributeVector use = raw.getAttrValues(handle, CKA_KEY_TYPE, CKA_ENCRYPT, CKA_DECRYPT, CKA_SIGN, CKA_WRAP,
                        CKA_UNWRAP, CKA_DERIVE, CKA_VALUE_LEN);
                assertEquals(CKK_AES, use.keyType());
                assertEquals(true, use.encrypt());
                assertEquals(true, use.decrypt());
                assertEquals(false, use.sign());
                assertEquals(false, use.wrap());
                assertEquals(false, use.unwrap());
                assertEquals(false, use.derive());
                assertEquals(32, use.valueLen());
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

    private static long handle(Session raw, SealingKeyRef key) throws PKCS11Exception {
        return KeyProtection.onlyObject(raw, new AttributeVector().class_(CKO_SECRET_KEY).id(key.idBytes()));
    }
}

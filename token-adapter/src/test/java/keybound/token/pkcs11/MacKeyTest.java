package keybound.token.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import keybound.testkit.softhsm.SoftHsmExtension;
import keybound.testkit.softhsm.TokenSpec;
import keybound.token.MacKeyRef;
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

/**
 * The HMAC key on SoftHSM: its attributes, its value unreadable and unwrappable, its MACs
 * accepted by the token's own C_Verify, and many threads MACing at once on pooled sessions.
 */
@ExtendWith(SoftHsmExtension.class)
class MacKeyTest {

    private static TokenSpec spec;
    private static Pkcs11Token token;

    @BeforeAll
    static void createToken() {
        spec = SoftHsmTokens.create("p11-mac");
        token = SoftHsmTokens.token(spec);
    }

    @AfterAll
    static void closeToken() {
        token.close();
    }

    @Test
    void theKeyIsASensitiveNonExtractableTokenObjectThatOnlyMacs() {
        try (Secret pin = Secret.of(spec.userPin()); TokenSession session = token.open(pin)) {
            MacKeyRef key = session.generateMacKey("verifier-attributes");
            token.call("test", raw -> {
                long handle = handle(raw, key);
                KeyProtection.assertStaysOnToken(raw, handle, CKA_VALUE);
                AttributeVector use = raw.getAttrValues(handle, CKA_KEY_TYPE, CKA_SIGN, CKA_ENCRYPT, CKA_WRAP, CKA_DERIVE,
                        CKA_VALUE_LEN);
                assertEquals(CKK_GENERIC_SECRET, use.keyType());
                assertEquals(true, use.sign());
                assertEquals(false, use.encrypt());
                assertEquals(false, use.wrap());
                assertEquals(false, use.derive());
                assertEquals(32, use.valueLen());
                return null;
            });
        }
    }

    @Test
    void theTokensOwnVerifyAcceptsTheMacAndRejectsAnother() {
        try (Secret pin = Secret.of(spec.userPin()); TokenSession session = token.open(pin)) {
            MacKeyRef key = session.generateMacKey("verifier-verify");
            byte[] data = "salt|123456".getBytes(StandardCharsets.UTF_8);
            byte[] mac = session.mac(key, data);
            token.call("test", raw -> {
                long handle = handle(raw, key);
                raw.verifySingle(new Mechanism(CKM_SHA256_HMAC), handle, data, mac);
                byte[] other = mac.clone();
                other[0] ^= 1;
                var refused = assertThrows(PKCS11Exception.class,
                        () -> raw.verifySingle(new Mechanism(CKM_SHA256_HMAC), handle, data, other));
                assertEquals("CKR_SIGNATURE_INVALID", Ckr.name(refused.getErrorCode()));
                return null;
            });
        }
    }

    @Test
    void manyThreadsMacAtOnceOnPooledSessionsWithoutSharingAnOperation() throws Exception {
        MacKeyRef key;
        byte[] expected;
        byte[] data = "salt|concurrent".getBytes(StandardCharsets.UTF_8);
        try (Secret pin = Secret.of(spec.userPin()); TokenSession session = token.open(pin)) {
            key = session.generateMacKey("verifier-concurrent");
            expected = session.mac(key, data);
        }
        // Half the threads hold a lease each, the other half share one: either way every call
        // borrows its own pooled session, so no C_SignInit meets another's operation (CKR_OPERATION_ACTIVE).
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Secret sharedPin = Secret.of(spec.userPin()); TokenSession shared = token.open(sharedPin)) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                boolean ownLease = t % 2 == 0;
                results.add(pool.submit(() -> {
                    if (!ownLease) {
                        return macs(shared, key, data, expected);
                    }
                    try (Secret pin = Secret.of(spec.userPin()); TokenSession session = token.open(pin)) {
                        return macs(session, key, data, expected);
                    }
                }));
            }
            for (Future<Integer> result : results) {
                assertEquals(200, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static int macs(TokenSession session, MacKeyRef key, byte[] data, byte[] expected) {
        int done = 0;
        for (int i = 0; i < 200; i++) {
            assertArrayEquals(expected, session.mac(key, data));
            done++;
        }
        return done;
    }

    private static long handle(Session raw, MacKeyRef key) throws PKCS11Exception {
        return KeyProtection.onlyObject(raw, new AttributeVector().class_(CKO_SECRET_KEY).id(key.idBytes()));
    }
}

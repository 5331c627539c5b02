package keybound.token.pkcs11;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_GENERIC_SECRET;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_GENERIC_SECRET_KEY_GEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_SHA256_HMAC;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_SECRET_KEY;

import java.util.Optional;
import java.util.Set;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;

/**
 * HMAC-SHA256 keys on a PKCS#11 token: a generic secret of 32 bytes, persistent, private,
 * sensitive and non-extractable, allowed to sign and verify and nothing else.
 */
final class MacKeys {

    static final int KEY_BYTES = 32;

    private MacKeys() {
    }

    /** Whether the token can both make and use such keys. */
    static boolean supported(Set<Long> mechanisms) {
        return mechanisms.contains(CKM_GENERIC_SECRET_KEY_GEN) && mechanisms.contains(CKM_SHA256_HMAC);
    }

    static AttributeVector template(byte[] id, String label) {
        return AttributeVector.newSecretKey(CKK_GENERIC_SECRET).valueLen(KEY_BYTES)
                .token(true).private_(true).sensitive(true).extractable(false)
                .sign(true).verify(true).encrypt(false).decrypt(false).wrap(false).unwrap(false).derive(false)
                .id(id).label(label);
    }

    static long generate(Session session, byte[] id, String label) throws PKCS11Exception {
        return session.generateKey(new Mechanism(CKM_GENERIC_SECRET_KEY_GEN), template(id, label));
    }

    static long[] findByLabel(Session session, String label) throws PKCS11Exception {
        return session.findObjectsSingle(secretKeys().label(label), 2);
    }

    static Optional<Long> findById(Session session, byte[] id) throws PKCS11Exception {
        long[] handles = session.findObjectsSingle(secretKeys().id(id), 1);
        return handles.length == 0 ? Optional.empty() : Optional.of(handles[0]);
    }

    static byte[] mac(Session session, long handle, byte[] data) throws PKCS11Exception {
        // A Mechanism per call, never a shared one: the wrapper writes its module into it on every
        // use, so threads on tokens of different libraries would race. The MAC benchmark shows
        // no cost (docs/benchmarks.md).
        return session.signSingle(new Mechanism(CKM_SHA256_HMAC), handle, data);
    }

    private static AttributeVector secretKeys() {
        return new AttributeVector().class_(CKO_SECRET_KEY).keyType(CKK_GENERIC_SECRET);
    }
}

package keybound.token.pkcs11;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_AES;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_GCM;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_KEY_GEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_SECRET_KEY;

import java.util.Optional;
import java.util.Set;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.params.GCM_PARAMS;

/**
 * AES-256 sealing keys on a PKCS#11 token: persistent, private, sensitive and non-extractable,
 * allowed to encrypt and decrypt (AES-GCM, 128-bit tag) and nothing else.
 */
final class AesKeys {

    static final int KEY_BYTES = 32;
    static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private AesKeys() {
    }

    /** Whether the token can both make and use such keys. */
    static boolean supported(Set<Long> mechanisms) {
        return mechanisms.contains(CKM_AES_KEY_GEN) && mechanisms.contains(CKM_AES_GCM);
    }

    static AttributeVector template(byte[] id, String label) {
        return AttributeVector.newSecretKey(CKK_AES).valueLen(KEY_BYTES)
                .token(true).private_(true).sensitive(true).extractable(false)
                .encrypt(true).decrypt(true).sign(false).verify(false).wrap(false).unwrap(false).derive(false)
                .id(id).label(label);
    }

    static void generate(Session session, byte[] id, String label) throws PKCS11Exception {
        session.generateKey(new Mechanism(CKM_AES_KEY_GEN), template(id, label));
    }

    static long[] findByLabel(Session session, String label) throws PKCS11Exception {
        return session.findObjectsSingle(secretKeys().label(label), 2);
    }

    static Optional<Long> findById(Session session, byte[] id) throws PKCS11Exception {
        long[] handles = session.findObjectsSingle(secretKeys().id(id), 1);
        return handles.length == 0 ? Optional.empty() : Optional.of(handles[0]);
    }

    static byte[] encrypt(Session session, long handle, byte[] iv, byte[] associatedData, byte[] plain) throws PKCS11Exception {
        return session.encryptSingle(gcm(iv, associatedData), handle, plain);
    }

    static byte[] decrypt(Session session, long handle, byte[] iv, byte[] associatedData, byte[] sealed) throws PKCS11Exception {
        return session.decryptSingle(gcm(iv, associatedData), handle, sealed);
    }

    static void checkIv(byte[] iv) {
        if (iv == null || iv.length != IV_BYTES) {
            throw new IllegalArgumentException("an AES-GCM IV has " + IV_BYTES + " bytes");
        }
    }

    private static Mechanism gcm(byte[] iv, byte[] associatedData) {
        return new Mechanism(CKM_AES_GCM, new GCM_PARAMS(iv, associatedData, TAG_BITS));
    }

    private static AttributeVector secretKeys() {
        return new AttributeVector().class_(CKO_SECRET_KEY).keyType(CKK_AES);
    }
}

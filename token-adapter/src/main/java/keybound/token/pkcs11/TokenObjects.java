package keybound.token.pkcs11;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.*;

import java.io.ByteArrayInputStream;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import keybound.token.Credential;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;

/** Finding and reading key pairs and certificates on one session, by CKA_ID. */
final class TokenObjects {

    private static final Logger LOG = LoggerFactory.getLogger(TokenObjects.class);
    /** Certificates larger than this are not read (inputs are size-limited before parsing). */
    static final int MAX_CERTIFICATE_BYTES = 16 * 1024;
    private static final int MAX_OBJECTS = 4096;

    private final Session session;

    TokenObjects(Session session) {
        this.session = session;
    }

    long[] find(long objectClass, byte[] id) throws PKCS11Exception {
        var template = new AttributeVector().class_(objectClass);
        if (id != null) {
            template.id(id);
        }
        return session.findObjectsSingle(template, MAX_OBJECTS);
    }

    long[] findPrivateKeysByLabel(String label) throws PKCS11Exception {
        return session.findObjectsSingle(new AttributeVector().class_(CKO_PRIVATE_KEY).label(label), MAX_OBJECTS);
    }

    Optional<Long> privateKey(byte[] id) throws PKCS11Exception {
        long[] handles = find(CKO_PRIVATE_KEY, id);
        return handles.length == 0 ? Optional.empty() : Optional.of(handles[0]);
    }

    /** Every private key on the token, as a credential with its public key and certificate. */
    List<Credential> credentials() throws PKCS11Exception {
        List<Credential> result = new ArrayList<>();
        for (long handle : find(CKO_PRIVATE_KEY, null)) {
            credential(handle).ifPresent(result::add);
        }
        return result;
    }

    /** The credential of one private key, empty if it is not a kind keybound signs with. */
    Optional<Credential> credential(long privateKeyHandle) throws PKCS11Exception {
        AttributeVector attributes = session.getAttrValues(privateKeyHandle, CKA_ID, CKA_LABEL);
        byte[] id = attributes.id();
        if (id == null || id.length == 0) {
            return Optional.empty();
        }
        Optional<X509Certificate> certificate = certificate(id);
        Optional<PublicKey> publicKey = publicKey(id);
        if (publicKey.isEmpty()) {
            publicKey = certificate.map(X509Certificate::getPublicKey);
        }
        Optional<KeyAlgorithm> algorithm = publicKey.flatMap(PublicKeys::algorithmOf);
        if (algorithm.isEmpty()) {
            LOG.debug("skipping key {}: no P-256 or RSA-2048 public key beside it", HexFormat.of().formatHex(id));
            return Optional.empty();
        }
        String label = attributes.label() == null ? "" : attributes.label();
        var key = new KeyRef(HexFormat.of().formatHex(id), label, algorithm.get());
        return Optional.of(new Credential(key, publicKey.get(), certificate));
    }

    Optional<PublicKey> publicKey(byte[] id) throws PKCS11Exception {
        long[] handles = find(CKO_PUBLIC_KEY, id);
        if (handles.length == 0) {
            return Optional.empty();
        }
        AttributeVector attributes = session.getAttrValues(handles[0], CKA_KEY_TYPE);
        Long keyType = attributes.keyType();
        if (keyType != null && keyType == CKK_EC) {
            AttributeVector ec = session.getAttrValues(handles[0], CKA_EC_PARAMS, CKA_EC_POINT);
            if (!Arrays.equals(ec.ecParams(), KeyTemplates.P256_PARAMS)) {
                return Optional.empty();
            }
            return Optional.of(PublicKeys.ec(ec.ecParams(), ec.ecPoint()));
        }
        if (keyType != null && keyType == CKK_RSA) {
            AttributeVector rsa = session.getAttrValues(handles[0], CKA_MODULUS, CKA_PUBLIC_EXPONENT);
            return Optional.of(PublicKeys.rsa(rsa.modulus(), rsa.publicExponent()));
        }
        return Optional.empty();
    }

    Optional<X509Certificate> certificate(byte[] id) throws PKCS11Exception {
        long[] handles = find(CKO_CERTIFICATE, id);
        if (handles.length == 0) {
            return Optional.empty();
        }
        byte[] der = session.getAttrValues(handles[0], CKA_VALUE).value();
        if (der == null || der.length > MAX_CERTIFICATE_BYTES) {
            LOG.warn("ignoring an unreadable or oversized certificate object");
            return Optional.empty();
        }
        try {
            var factory = CertificateFactory.getInstance("X.509");
            return Optional.of((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
        } catch (CertificateException e) {
            LOG.warn("ignoring a certificate object that does not parse: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** Sets CKA_LABEL on the private key, the public key and the certificates with this id. */
    void relabel(byte[] id, String label) throws PKCS11Exception {
        for (long objectClass : new long[] {CKO_PRIVATE_KEY, CKO_PUBLIC_KEY, CKO_CERTIFICATE}) {
            for (long handle : find(objectClass, id)) {
                session.setAttributeValues(handle, new AttributeVector().label(label));
            }
        }
    }

    /** Destroys every object of {@code objectClass} with this id; returns how many. */
    int destroy(long objectClass, byte[] id) throws PKCS11Exception {
        long[] handles = find(objectClass, id);
        for (long handle : handles) {
            session.destroyObject(handle);
        }
        return handles.length;
    }
}

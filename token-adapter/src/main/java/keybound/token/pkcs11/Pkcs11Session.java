package keybound.token.pkcs11;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_ID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_ENCRYPTED_DATA_INVALID;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_ENCRYPTED_DATA_LEN_RANGE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_GENERAL_ERROR;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_EC_KEY_PAIR_GEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_RSA_PKCS_KEY_PAIR_GEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_CERTIFICATE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PUBLIC_KEY;

import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import keybound.token.Credential;
import keybound.token.CredentialQuery;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyNotFoundException;
import keybound.token.KeyRef;
import keybound.token.MacKeyRef;
import keybound.token.MechanismUnsupportedException;
import keybound.token.SealingKeyRef;
import keybound.token.SignatureAlgorithm;
import keybound.token.TokenInfo;
import keybound.token.TokenSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;

/**
 * A lease on a {@link Pkcs11Token}: holds no native session of its own, but borrows one from the
 * token's pool for each call, so leases on many threads sign at once.
 */
final class Pkcs11Session implements TokenSession {

    private static final Logger LOG = LoggerFactory.getLogger(Pkcs11Session.class);
    private static final int MAX_LABEL_LENGTH = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A constant, so that the hot path builds no strings; errors name the key themselves. */
    private static final String SIGN = "sign";
    private static final String MAC = "mac";
    private static final String SEAL = "seal";
    private static final String OPEN = "open a sealed value";

    private final Pkcs11Token token;
    private final AtomicBoolean closed = new AtomicBoolean();

    Pkcs11Session(Pkcs11Token token) {
        this.token = token;
    }

    @Override
    public TokenInfo token() {
        return token.info();
    }

    @Override
    public KeyRef generateKeyPair(KeyAlgorithm algorithm, String label) {
        ensureOpen();
        checkLabel(label);
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        long mechanism = algorithm == KeyAlgorithm.EC_P256 ? CKM_EC_KEY_PAIR_GEN : CKM_RSA_PKCS_KEY_PAIR_GEN;
        if (!token.mechanisms().contains(mechanism)) {
            throw new MechanismUnsupportedException("Token " + token.name() + " cannot generate " + algorithm);
        }
        token.call("generate a " + algorithm + " key pair", session -> {
            token.requireLogin(session);
            if (new TokenObjects(session).findPrivateKeysByLabel(label).length > 0) {
                throw new IllegalArgumentException("a key labelled '" + label + "' is already on the token");
            }
            session.generateKeyPair(new Mechanism(mechanism), KeyTemplates.keyPair(algorithm, id, label));
            return null;
        });
        var key = new KeyRef(HexFormat.of().formatHex(id), label, algorithm);
        LOG.info("generated {} key {} ({}) on {}", algorithm, key.id(), label, token.name());
        return key;
    }

    @Override
    public byte[] sign(KeyRef key, SignatureAlgorithm algorithm, byte[] data) {
        ensureOpen();
        var plan = Pkcs11Signer.plan(key.algorithm(), algorithm, token.mechanisms(), token::name);
        Optional<byte[]> fast = token.keyHandles().route().sign(key, algorithm, data, () -> publicKey(key));
        if (fast.isPresent()) {
            return fast.get();
        }
        return token.call(SIGN, session -> {
            long handle = privateKeyHandle(session, key);
            try {
                return Pkcs11Signer.sign(session, handle, plan, data);
            } catch (PKCS11Exception e) {
                if (!Ckr.isStaleHandle(e.getErrorCode())) {
                    throw e;
                }
                token.keyHandles().forget(key.id()); // handle dropped (e.g. after a re-login): look again
                return Pkcs11Signer.sign(session, privateKeyHandle(session, key), plan, data);
            }
        });
    }

    @Override
    public MacKeyRef generateMacKey(String label) {
        requireMacs();
        byte[] id = generateSecretKey(label, "MAC", MacKeys::findByLabel, MacKeys::generate);
        return new MacKeyRef(HexFormat.of().formatHex(id), label);
    }

    @Override
    public Optional<MacKeyRef> findMacKey(String label) {
        return findSecretKey(label, "MAC", MacKeys::findByLabel).map(id -> new MacKeyRef(HexFormat.of().formatHex(id), label));
    }

    @Override
    public byte[] mac(MacKeyRef key, byte[] data) {
        ensureOpen();
        requireMacs();
        Optional<byte[]> fast = token.keyHandles().route().mac(key, data, () -> findSecretKey(key.label(), "MAC",
                MacKeys::findByLabel).filter(id -> Arrays.equals(id, key.idBytes())).isPresent());
        if (fast.isPresent()) {
            return fast.get();
        }
        return token.call(MAC, session -> {
            try {
                return MacKeys.mac(session, macKeyHandle(session, key), data);
            } catch (PKCS11Exception e) {
                if (!Ckr.isStaleHandle(e.getErrorCode())) {
                    throw e;
                }
                token.keyHandles().forget(key.id()); // handle dropped (e.g. after a re-login): look again
                return MacKeys.mac(session, macKeyHandle(session, key), data);
            }
        });
    }

    @Override
    public SealingKeyRef generateSealingKey(String label) {
        requireAesGcm();
        byte[] id = generateSecretKey(label, "sealing", AesKeys::findByLabel, AesKeys::generate);
        return new SealingKeyRef(HexFormat.of().formatHex(id), label);
    }

    @Override
    public Optional<SealingKeyRef> findSealingKey(String label) {
        return findSecretKey(label, "sealing", AesKeys::findByLabel)
                .map(id -> new SealingKeyRef(HexFormat.of().formatHex(id), label));
    }

    @Override
    public byte[] seal(SealingKeyRef key, byte[] iv, byte[] associatedData, byte[] plain) {
        ensureOpen();
        requireAesGcm();
        AesKeys.checkIv(iv);
        return token.call(SEAL, session -> {
            try {
                return AesKeys.encrypt(session, sealingKeyHandle(session, key), iv, associatedData, plain);
            } catch (PKCS11Exception e) {
                if (!Ckr.isStaleHandle(e.getErrorCode())) {
                    throw e;
                }
                token.keyHandles().forget(key.id());
                return AesKeys.encrypt(session, sealingKeyHandle(session, key), iv, associatedData, plain);
            }
        });
    }

    @Override
    public byte[] open(SealingKeyRef key, byte[] iv, byte[] associatedData, byte[] sealed) {
        ensureOpen();
        requireAesGcm();
        AesKeys.checkIv(iv);
        byte[] plain = token.call(OPEN, session -> {
            try {
                return decrypt(session, key, iv, associatedData, sealed);
            } catch (PKCS11Exception e) {
                if (!Ckr.isStaleHandle(e.getErrorCode())) {
                    throw e;
                }
                token.keyHandles().forget(key.id());
                return decrypt(session, key, iv, associatedData, sealed);
            }
        });
        if (plain == null) {
            throw new IllegalArgumentException("the sealed value does not open under " + key.label()
                    + " with this associated data (another key or value, or tampered)");
        }
        return plain;
    }

    /** The plain bytes, or null when the tag does not match (the token's way of saying so is an error code). */
    private byte[] decrypt(Session session, SealingKeyRef key, byte[] iv, byte[] associatedData, byte[] sealed)
            throws PKCS11Exception {
        long handle = sealingKeyHandle(session, key);
        try {
            return AesKeys.decrypt(session, handle, iv, associatedData, sealed);
        } catch (PKCS11Exception e) {
            long code = e.getErrorCode();
            // SoftHSM 2.6 answers a GCM tag that does not match with CKR_GENERAL_ERROR, not CKR_ENCRYPTED_DATA_INVALID.
            if (code == CKR_ENCRYPTED_DATA_INVALID || code == CKR_ENCRYPTED_DATA_LEN_RANGE || code == CKR_GENERAL_ERROR) {
                return null;
            }
            throw e;
        }
    }

    private void requireMacs() {
        if (!MacKeys.supported(token.mechanisms())) {
            throw new MechanismUnsupportedException("Token " + token.name() + " lacks generic secret keys or HMAC-SHA256");
        }
    }

    private void requireAesGcm() {
        if (!AesKeys.supported(token.mechanisms())) {
            throw new MechanismUnsupportedException("Token " + token.name() + " lacks AES keys or AES-GCM");
        }
    }

    /** Finds secret keys of one kind by label. */
    @FunctionalInterface
    private interface LabelSearch {
        long[] find(Session session, String label) throws PKCS11Exception;
    }

    /** Generates a secret key of one kind. */
    @FunctionalInterface
    private interface SecretKeyGeneration {
        void generate(Session session, byte[] id, String label) throws PKCS11Exception;
    }

    /** A new secret key's id, refused when one of its kind has the label already. */
    private byte[] generateSecretKey(String label, String kind, LabelSearch search, SecretKeyGeneration generation) {
        ensureOpen();
        checkLabel(label);
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        token.call("generate a " + kind + " key", session -> {
            token.requireLogin(session);
            if (search.find(session, label).length > 0) {
                throw new IllegalArgumentException("a " + kind + " key labelled '" + label + "' is already on the token");
            }
            generation.generate(session, id, label);
            return null;
        });
        LOG.info("generated {} key {} ({}) on {}", kind, HexFormat.of().formatHex(id), label, token.name());
        return id;
    }

    /** The id of the one secret key of a kind labelled {@code label}, if any. */
    private Optional<byte[]> findSecretKey(String label, String kind, LabelSearch search) {
        ensureOpen();
        checkLabel(label);
        return token.call("find " + kind + " key labelled " + label, session -> {
            token.requireLogin(session);
            long[] handles = search.find(session, label);
            if (handles.length > 1) {
                throw new IllegalStateException("more than one " + kind + " key labelled '" + label + "' on " + token.name());
            }
            if (handles.length == 0) {
                return Optional.<byte[]>empty();
            }
            return Optional.of(session.getAttrValues(handles[0], CKA_ID).id());
        });
    }

    private long macKeyHandle(Session session, MacKeyRef key) throws PKCS11Exception {
        Long cached = token.keyHandles().get(key.id());
        if (cached != null) {
            return cached;
        }
        token.requireLogin(session);
        long handle = MacKeys.findById(session, key.idBytes()).orElseThrow(() ->
                new KeyNotFoundException("No MAC key " + key.id() + " (" + key.label() + ") on " + token.name()));
        token.keyHandles().put(key.id(), handle);
        return handle;
    }

    private long sealingKeyHandle(Session session, SealingKeyRef key) throws PKCS11Exception {
        Long cached = token.keyHandles().get(key.id());
        if (cached != null) {
            return cached;
        }
        token.requireLogin(session);
        long handle = AesKeys.findById(session, key.idBytes()).orElseThrow(() ->
                new KeyNotFoundException("No sealing key " + key.id() + " (" + key.label() + ") on " + token.name()));
        token.keyHandles().put(key.id(), handle);
        return handle;
    }

    @Override
    public PublicKey publicKey(KeyRef key) {
        ensureOpen();
        return token.call("read public key " + key.id(), session -> {
            token.requireLogin(session);
            var objects = new TokenObjects(session);
            Optional<PublicKey> publicKey = objects.publicKey(key.idBytes());
            if (publicKey.isEmpty()) {
                publicKey = objects.certificate(key.idBytes()).map(X509Certificate::getPublicKey);
            }
            return publicKey.orElseThrow(() -> notFound(key));
        });
    }

    @Override
    public void storeCertificate(KeyRef key, X509Certificate certificate) {
        ensureOpen();
        if (!certificate.getPublicKey().equals(publicKey(key))) {
            throw new IllegalArgumentException("the certificate does not certify key " + key.id());
        }
        var template = CertificateTemplate.of(key, certificate);
        token.call("store a certificate for key " + key.id(), session -> {
            token.requireLogin(session);
            var objects = new TokenObjects(session);
            if (objects.privateKey(key.idBytes()).isEmpty()) {
                throw notFound(key);
            }
            long[] earlier = objects.find(CKO_CERTIFICATE, key.idBytes());
            session.createObject(template);
            for (long handle : earlier) {
                session.destroyObject(handle);
            }
            return null;
        });
        token.keyHandles().forget(key.id()); // the SunPKCS11 route may now see this key
        LOG.info("stored certificate {} for key {} on {}", certificate.getSubjectX500Principal(), key.id(), token.name());
    }

    @Override
    public List<Credential> credentials() {
        ensureOpen();
        return token.call("list credentials", session -> {
            token.requireLogin(session);
            return new TokenObjects(session).credentials();
        });
    }

    @Override
    public Optional<Credential> find(CredentialQuery query) {
        ensureOpen();
        if (query instanceof CredentialQuery.ById byId) {
            return token.call("find key " + byId.idHex(), session -> {
                token.requireLogin(session);
                var objects = new TokenObjects(session);
                Optional<Long> handle = objects.privateKey(HexFormat.of().parseHex(byId.idHex()));
                return handle.isEmpty() ? Optional.<Credential>empty() : objects.credential(handle.get());
            });
        }
        if (query instanceof CredentialQuery.ByLabel byLabel) {
            return token.call("find key labelled " + byLabel.label(), session -> {
                token.requireLogin(session);
                var objects = new TokenObjects(session);
                long[] handles = objects.findPrivateKeysByLabel(byLabel.label());
                return handles.length == 0 ? Optional.<Credential>empty() : objects.credential(handles[0]);
            });
        }
        String subject = ((CredentialQuery.BySubject) query).subject();
        return credentials().stream()
                .filter(credential -> credential.certificate().filter(c -> SubjectMatch.matches(c, subject)).isPresent())
                .findFirst();
    }

    @Override
    public void delete(KeyRef key) {
        ensureOpen();
        token.call("delete key " + key.id(), session -> {
            token.requireLogin(session);
            var objects = new TokenObjects(session);
            if (objects.privateKey(key.idBytes()).isEmpty()) {
                throw notFound(key);
            }
            token.keyHandles().forget(key.id());
            objects.destroy(CKO_CERTIFICATE, key.idBytes());
            objects.destroy(CKO_PUBLIC_KEY, key.idBytes());
            objects.destroy(CKO_PRIVATE_KEY, key.idBytes());
            return null;
        });
        LOG.info("deleted key {} and its certificate from {}", key.id(), token.name());
    }

    @Override
    public KeyRef relabel(KeyRef key, String label) {
        ensureOpen();
        checkLabel(label);
        token.call("relabel key " + key.id(), session -> {
            token.requireLogin(session);
            var objects = new TokenObjects(session);
            if (objects.privateKey(key.idBytes()).isEmpty()) {
                throw notFound(key);
            }
            for (long other : objects.findPrivateKeysByLabel(label)) {
                if (!Arrays.equals(session.getAttrValues(other, CKA_ID).id(), key.idBytes())) {
                    throw new IllegalArgumentException("a key labelled '" + label + "' is already on the token");
                }
            }
            token.keyHandles().forget(key.id()); // the JDK route names keys by label: let it look again
            objects.relabel(key.idBytes(), label);
            return null;
        });
        LOG.info("relabelled key {} ({} -> {}) on {}", key.id(), key.label(), label, token.name());
        return new KeyRef(key.id(), label, key.algorithm());
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            token.leaseClosed();
        }
    }

    private long privateKeyHandle(Session session, KeyRef key) throws PKCS11Exception {
        Long cached = token.keyHandles().get(key.id());
        if (cached != null) {
            return cached;
        }
        token.requireLogin(session); // a miss may mean someone logged the token out
        long handle = new TokenObjects(session).privateKey(key.idBytes()).orElseThrow(() -> notFound(key));
        token.keyHandles().put(key.id(), handle);
        return handle;
    }

    private KeyNotFoundException notFound(KeyRef key) {
        return new KeyNotFoundException("No key " + key.id() + " (" + key.label() + ") on " + token.name());
    }

    private static void checkLabel(String label) {
        if (label == null || label.isBlank() || label.length() > MAX_LABEL_LENGTH) {
            throw new IllegalArgumentException("a key label has 1 to " + MAX_LABEL_LENGTH + " characters");
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this lease on " + token.name() + " is closed");
        }
    }
}

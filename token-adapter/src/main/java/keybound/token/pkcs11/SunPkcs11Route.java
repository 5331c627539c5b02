package keybound.token.pkcs11;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import keybound.token.KeyRef;
import keybound.token.MacKeyRef;
import keybound.token.SignatureAlgorithm;
import keybound.token.jca.SunPkcs11Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fast route for signing with a certified key and for MACs: the JDK's SunPKCS11 provider,
 * configured for this token. The IAIK wrapper's native {@code C_SignInit} spends about 7 µs per
 * call in 34 JNI class lookups (measured with perf, see docs/benchmarks.md); SunPKCS11's native
 * code does not.
 *
 * <p>SunPKCS11 sees only private keys that have a certificate, and secret keys by label; its key
 * handles stay valid only while the token stays logged in. So a key it cannot see, and any
 * failure at all, sends the caller back to the IAIK route, which owns recovery and typed errors;
 * the handles found here are dropped with the token's other key handles (logout, recovery,
 * delete, a new certificate).
 *
 * <p>It never logs in: it runs inside a lease, while the token is logged in for the process.
 */
final class SunPkcs11Route {

    private static final Logger LOG = LoggerFactory.getLogger(SunPkcs11Route.class);

    private final Path library;
    private final String serial;
    /** The slot the token sits in now (SunPKCS11 insists on one; it changes when SoftHSM renumbers). */
    private final LongSupplier currentSlot;
    /** A key as SunPKCS11 shows it, with the provider instance that owns its handle. */
    private record Found(Key key, Provider provider) {
    }

    /** What SunPKCS11 shows, by CKA_ID in hex; empty when it shows no key for that id. */
    private final Map<String, Optional<Found>> keys = new ConcurrentHashMap<>();
    /** Moves on at every clear or forget, so a lookup that raced with one is not cached. */
    private final AtomicLong generation = new AtomicLong();
    private KeyStore keyStore;
    /** Kept across logouts (its native sessions too); replaced when the slot moved or it could not read the token. */
    private Provider provider;
    private long providerSlot;

    SunPkcs11Route(Path library, String serial, LongSupplier currentSlot) {
        this.library = library;
        this.serial = serial;
        this.currentSlot = currentSlot;
    }

    /**
     * Signs through SunPKCS11, or returns empty when this route cannot: the key has no
     * certificate, the JDK lacks SunPKCS11, or SunPKCS11 failed with a freshly found key (the key
     * then stays on the IAIK route until the next logout).
     */
    Optional<byte[]> sign(KeyRef key, SignatureAlgorithm algorithm, byte[] data, Supplier<PublicKey> publicKey) {
        return use(key.id(), () -> lookUp(publicKey), found -> trySign(found, key, algorithm, data));
    }

    /**
     * An HMAC-SHA256 through SunPKCS11, or empty when this route cannot, as for {@link #sign}. The
     * MAC keys of a logon's secret check go this way: the IAIK wrapper's class lookups in
     * {@code C_SignInit} cost a logon about 100 µs in situ (docs/benchmarks.md). SunPKCS11 finds
     * the key by label, so {@code labelNamesThisKey} is asked first (once per lookup) whether the
     * key with that label on the token has the id of {@code key}.
     */
    Optional<byte[]> mac(MacKeyRef key, byte[] data, BooleanSupplier labelNamesThisKey) {
        return use(key.id(), () -> confirmed(key, labelNamesThisKey) ? lookUpSecret(key.label()) : Optional.empty(),
                found -> tryMac(found, key, data));
    }

    private boolean confirmed(MacKeyRef key, BooleanSupplier labelNamesThisKey) {
        try {
            return labelNamesThisKey.getAsBoolean();
        } catch (RuntimeException e) {
            LOG.debug("could not confirm the label of MAC key {} on token {}: {}", key.id(), serial, e.toString());
            return false;
        }
    }

    private Optional<byte[]> use(String idHex, Supplier<Optional<Found>> lookUp, Function<Found, Optional<byte[]>> operation) {
        Optional<Found> cached = keys.get(idHex);
        if (cached != null) {
            if (cached.isEmpty()) {
                return Optional.empty();
            }
            Optional<byte[]> result = operation.apply(cached.get());
            if (result.isPresent()) {
                return result;
            }
            keys.remove(idHex); // e.g. a handle gone stale after a foreign logout: look once more
        }
        long seen = generation.get();
        // Looked up outside the map's compute methods: the lookup may recover the token, which clears the map.
        Optional<Found> found = lookUp.get();
        Optional<byte[]> result = found.flatMap(operation);
        if (generation.get() == seen) {
            keys.put(idHex, result.isPresent() ? found : Optional.empty());
        }
        return result;
    }

    /** Any failure at all means "not this route": the IAIK route then signs or raises the typed error. */
    private Optional<byte[]> trySign(Found found, KeyRef key, SignatureAlgorithm algorithm, byte[] data) {
        try {
            Signature signature = Signature.getInstance(algorithm.jcaName(), found.provider());
            signature.initSign((PrivateKey) found.key());
            signature.update(data);
            return Optional.of(signature.sign());
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.debug("SunPKCS11 could not sign with key {} on token {}: {}", key.id(), serial, e.toString());
            return Optional.empty();
        }
    }

    private Optional<byte[]> tryMac(Found found, MacKeyRef key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256", found.provider());
            mac.init(found.key());
            return Optional.of(mac.doFinal(data));
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.debug("SunPKCS11 could not MAC with key {} on token {}: {}", key.id(), serial, e.toString());
            return Optional.empty();
        }
    }

    /** Whether the last signature or MAC with this key went through SunPKCS11 (for tests). */
    boolean signsThrough(String idHex) {
        Optional<Found> found = keys.get(idHex);
        return found != null && found.isPresent();
    }

    /** Forgets what was found for one key and re-reads the token's list next time (a new certificate, a deleted key). */
    void forget(String idHex) {
        generation.incrementAndGet();
        dropKeyStore();
        keys.remove(idHex);
    }

    /** Forgets every key found (logout, recovery: tokens drop private-object handles on logout). */
    void clear() {
        generation.incrementAndGet();
        keys.clear();
    }

    private synchronized void dropKeyStore() {
        keyStore = null;
    }

    private synchronized void dropProvider() {
        keyStore = null;
        provider = null;
    }

    private Optional<Found> lookUp(Supplier<PublicKey> publicKey) {
        try {
            KeyStore store = keyStore();
            if (store == null) {
                return Optional.empty();
            }
            PublicKey wanted = publicKey.get();
            for (String alias : Collections.list(store.aliases())) {
                Certificate certificate = store.getCertificate(alias);
                if (store.isKeyEntry(alias) && certificate != null && certificate.getPublicKey().equals(wanted)) {
                    // getKey finds the key's handle anew, so a store read before a logout still serves after it.
                    return Optional.of(new Found((PrivateKey) store.getKey(alias, null), store.getProvider()));
                }
            }
            return Optional.empty();
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.debug("SunPKCS11 could not list the keys of token {}: {}", serial, e.toString());
            dropProvider();
            return Optional.empty();
        }
    }

    /**
     * SunPKCS11 names a secret key by its CKA_LABEL (the key store's alias). keybound keeps MAC
     * labels unique, but a sealing key may share one: such a key cannot sign (CKA_SIGN false), so
     * a MAC with it fails and goes to the IAIK route, which finds the MAC key by id.
     */
    private Optional<Found> lookUpSecret(String label) {
        try {
            KeyStore store = keyStore();
            if (store == null || !store.isKeyEntry(label)) {
                return Optional.empty();
            }
            Key key = store.getKey(label, null);
            return key instanceof SecretKey ? Optional.of(new Found(key, store.getProvider())) : Optional.empty();
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.debug("SunPKCS11 could not list the keys of token {}: {}", serial, e.toString());
            dropProvider();
            return Optional.empty();
        }
    }

    private synchronized KeyStore keyStore() throws GeneralSecurityException {
        if (keyStore != null) {
            return keyStore;
        }
        long slot = currentSlot.getAsLong();
        if (provider == null || providerSlot != slot) {
            Optional<Provider> configured = SunPkcs11Config.configure("route", serial, library, slot);
            if (configured.isEmpty()) {
                return null; // a runtime without jdk.crypto.cryptoki: the IAIK route does everything
            }
            provider = configured.get();
            providerSlot = slot;
        }
        KeyStore store = KeyStore.getInstance("PKCS11", provider);
        try {
            store.load(null, null); // the lease has logged the token in: SunPKCS11 sees the login
        } catch (IOException e) {
            throw new GeneralSecurityException("SunPKCS11 could not read token " + serial, e);
        }
        keyStore = store;
        return store;
    }
}

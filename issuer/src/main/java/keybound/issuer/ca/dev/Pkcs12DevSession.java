package keybound.issuer.ca.dev;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import keybound.token.Credential;
import keybound.token.CredentialQuery;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyNotFoundException;
import keybound.token.KeyRef;
import keybound.token.Secret;
import keybound.token.SignatureAlgorithm;
import keybound.token.TokenInfo;
import keybound.token.TokenSession;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A session on a {@link Pkcs12DevToken}. Key pairs are key store entries aliased by label; a
 * PKCS#12 private key entry needs a certificate, so a new key carries a placeholder self-signed
 * one (subject {@value #PLACEHOLDER}) until {@link #storeCertificate} replaces it.
 */
final class Pkcs12DevSession implements TokenSession {

    static final String PLACEHOLDER = "CN=keybound placeholder";
    /** The placeholder's validity: fixed, since nothing ever checks it and no clock should decide it. */
    private static final Instant PLACEHOLDER_FROM = Instant.parse("2000-01-01T00:00:00Z");
    private final Pkcs12DevToken token;
    private final KeyStore store;
    private final Secret password;
    private boolean closed;

    /** {@code password}: the session's own copy, closed with the session. */
    Pkcs12DevSession(Pkcs12DevToken token, KeyStore store, Secret password) {
        this.token = token;
        this.store = store;
        this.password = password;
    }

    @Override
    public TokenInfo token() {
        return token.info();
    }

    @Override
    public synchronized KeyRef generateKeyPair(KeyAlgorithm algorithm, String label) {
        try {
            KeyPairGenerator generator;
            if (algorithm == KeyAlgorithm.EC_P256) {
                generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
            }
            KeyPair pair = generator.generateKeyPair();
            X509Certificate placeholder = placeholder(pair, algorithm.defaultSignature());
            password.useChars(p -> {
                store.setKeyEntry(label, pair.getPrivate(), p, new Certificate[] {placeholder});
                token.save(store, p);
            });
            return new KeyRef(idOf(pair.getPublic()), label, algorithm);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot generate a development key", e);
        }
    }

    @Override
    public synchronized byte[] sign(KeyRef key, SignatureAlgorithm algorithm, byte[] data) {
        try {
            var privateKey = password.withChars(p -> Pkcs12DevToken.privateKey(store, alias(key), p));
            Signature signature = Signature.getInstance(algorithm.jcaName());
            signature.initSign(privateKey);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("development key cannot sign", e);
        }
    }

    @Override
    public synchronized PublicKey publicKey(KeyRef key) {
        try {
            return Pkcs12DevToken.certificate(store, alias(key)).getPublicKey();
        } catch (GeneralSecurityException e) {
            throw new KeyNotFoundException("no key " + key.label() + " in the development key store");
        }
    }

    @Override
    public synchronized void storeCertificate(KeyRef key, X509Certificate certificate) {
        try {
            String alias = alias(key);
            password.useChars(p -> {
                var privateKey = Pkcs12DevToken.privateKey(store, alias, p);
                store.setKeyEntry(alias, privateKey, p, new Certificate[] {certificate});
                token.save(store, p);
            });
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot store the certificate", e);
        }
    }

    @Override
    public synchronized List<Credential> credentials() {
        try {
            List<Credential> out = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                X509Certificate cert = Pkcs12DevToken.certificate(store, alias);
                KeyAlgorithm algorithm = "EC".equals(cert.getPublicKey().getAlgorithm()) ? KeyAlgorithm.EC_P256
                        : KeyAlgorithm.RSA_2048;
                boolean real = !PLACEHOLDER.equals(cert.getSubjectX500Principal().getName());
                out.add(new Credential(new KeyRef(idOf(cert.getPublicKey()), alias, algorithm), cert.getPublicKey(),
                        real ? Optional.of(cert) : Optional.empty()));
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the development key store", e);
        }
    }

    @Override
    public Optional<Credential> find(CredentialQuery query) {
        return credentials().stream().filter(c -> matches(c, query)).findFirst();
    }

    @Override
    public synchronized void delete(KeyRef key) {
        try {
            store.deleteEntry(alias(key));
            password.useChars(p -> token.save(store, p));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot delete the development key", e);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            password.close();
            closed = true;
        }
    }

    private String alias(KeyRef key) {
        try {
            if (key.label() != null && store.isKeyEntry(key.label())) {
                return key.label();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return find(CredentialQuery.id(key.id())).map(c -> c.key().label())
                .orElseThrow(() -> new KeyNotFoundException("no key " + key.id() + " in the development key store"));
    }

    private static boolean matches(Credential credential, CredentialQuery query) {
        if (query instanceof CredentialQuery.ByLabel byLabel) {
            return byLabel.label().equals(credential.key().label());
        }
        if (query instanceof CredentialQuery.ById byId) {
            return byId.idHex().equals(credential.key().id());
        }
        var bySubject = (CredentialQuery.BySubject) query;
        return credential.certificate().map(c -> c.getSubjectX500Principal().getName().equals(bySubject.subject())
                || c.getSubjectX500Principal().getName().contains("CN=" + bySubject.subject())).orElse(false);
    }

    private static String idOf(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate placeholder(KeyPair pair, SignatureAlgorithm algorithm)
            throws GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException {
        var name = new X500Name(PLACEHOLDER);
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(PLACEHOLDER_FROM),
                Date.from(PLACEHOLDER_FROM.plus(1, ChronoUnit.DAYS)), name, pair.getPublic());
        var signer = new JcaContentSignerBuilder(algorithm.jcaName()).build(pair.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }
}

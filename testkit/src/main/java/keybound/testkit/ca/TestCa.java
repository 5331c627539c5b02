package keybound.testkit.ca;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The tests' certificate authority: an EC P-256 root with its key in software, issuing client
 * and TLS server certificates, and self-signing for a key held elsewhere (a token). It stands
 * for "some CA the code under test trusts"; the issuer's own CA, which signs through the Token
 * API, is tested in the issuer with its own fixture.
 */
public final class TestCa {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair keys;
    private final X509Certificate certificate;

    private TestCa(KeyPair keys, X509Certificate certificate) {
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A self-signed root {@code CN=commonName}, valid from a day ago for ten years. */
    public static TestCa create(String commonName) {
        KeyPair keys = ecKeyPair();
        Instant now = Instant.now();
        X500Name subject = cn(commonName);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), subject, keys.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new TestCa(keys, build(builder, softwareSigner(keys)));
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** A client-authentication certificate {@code CN=commonName} for {@code publicKey}, valid over [notBefore, notAfter]. */
    public X509Certificate issueClient(String commonName, PublicKey publicKey, Instant notBefore, Instant notAfter) {
        X509v3CertificateBuilder builder = leaf(commonName, publicKey, notBefore, notAfter);
        try {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return build(builder, softwareSigner(keys));
    }

    /** A client certificate valid from an hour ago for a year. */
    public X509Certificate issueClient(String commonName, PublicKey publicKey) {
        Instant now = Instant.now();
        return issueClient(commonName, publicKey, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)));
    }

    /** A TLS server certificate {@code CN=localhost} for localhost and 127.0.0.1, valid from an hour ago for 30 days. */
    public X509Certificate issueServer(PublicKey publicKey) {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = leaf("localhost", publicKey, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));
        try {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return build(builder, softwareSigner(keys));
    }

    /** PKIX trust managers that trust this CA alone. */
    public TrustManager[] trustManagers() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", certificate);
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(trust);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A certificate for {@code publicKey} with subject and issuer {@code distinguishedName}
     * (e.g. {@code "CN=Alice,O=keybound"}), signed by its own private key through {@code signer}
     * (e.g. a token's), valid from an hour ago for a day.
     */
    public static X509Certificate selfSigned(String distinguishedName, PublicKey publicKey, ContentSigner signer) {
        Instant now = Instant.now();
        X500Name subject = new X500Name(distinguishedName);
        return build(new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(1))), subject, publicKey), signer);
    }

    /** A self-signed certificate for a key pair in software. */
    public static X509Certificate selfSigned(String distinguishedName, KeyPair keys) {
        return selfSigned(distinguishedName, keys.getPublic(), softwareSigner(keys));
    }

    public static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private X509v3CertificateBuilder leaf(String commonName, PublicKey publicKey, Instant notBefore, Instant notAfter) {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(), Date.from(notBefore),
                Date.from(notAfter), cn(commonName), publicKey);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return builder;
    }

    private static X500Name cn(String commonName) {
        return new X500Name("CN=" + commonName);
    }

    private static ContentSigner softwareSigner(KeyPair keys) {
        try {
            return new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate build(X509v3CertificateBuilder builder, ContentSigner signer) {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).setBit(63);
    }
}

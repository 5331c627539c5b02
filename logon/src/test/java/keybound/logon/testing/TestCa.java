package keybound.logon.testing;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
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
 * A tiny certificate authority for tests: an EC P-256 root that issues client and server
 * certificates with software keys. Stands in for the issuer's CA until an adapter exists.
 */
public final class TestCa {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final KeyPair keys;
    private final X509Certificate certificate;

    private TestCa(String name, KeyPair keys, X509Certificate certificate) {
        this.name = name;
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A self-signed root valid from a day ago for ten years. */
    public static TestCa create(String commonName) {
        KeyPair keys = ecKeyPair();
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=" + commonName);
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), subject,
                    keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new TestCa(commonName, keys, convert(builder, signer(keys)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public String name() {
        return name;
    }

    /** A client-authentication certificate for {@code publicKey}, valid over [notBefore, notAfter]. */
    public X509Certificate issueClient(String commonName, PublicKey publicKey, Instant notBefore, Instant notAfter) {
        try {
            X509v3CertificateBuilder builder = builder(commonName, publicKey, notBefore, notAfter);
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            return convert(builder, signer(keys));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client certificate valid from an hour ago for a year. */
    public X509Certificate issueClient(String commonName, PublicKey publicKey) {
        Instant now = Instant.now();
        return issueClient(commonName, publicKey, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)));
    }

    /** A TLS server certificate for localhost and 127.0.0.1. */
    public X509Certificate issueServer(PublicKey publicKey) {
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder builder = builder("localhost", publicKey, now.minus(Duration.ofHours(1)),
                    now.plus(Duration.ofDays(30)));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            return convert(builder, signer(keys));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The chain a client or server presents: leaf, then this CA. */
    public List<X509Certificate> chain(X509Certificate leaf) {
        return List.of(leaf, certificate);
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

    private X509v3CertificateBuilder builder(String commonName, PublicKey publicKey, Instant notBefore, Instant notAfter)
            throws Exception {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(), Date.from(notBefore),
                Date.from(notAfter), new X500Name("CN=" + commonName), publicKey);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        return builder;
    }

    private static ContentSigner signer(KeyPair keys) throws OperatorCreationException {
        return new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
    }

    private static X509Certificate convert(X509v3CertificateBuilder builder, ContentSigner signer) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).setBit(63);
    }
}

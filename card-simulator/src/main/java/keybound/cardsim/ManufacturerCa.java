package keybound.cardsim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A simulated card manufacturer's CA: a self-signed P-256 root that certifies the attestation
 * keys cards make at personalisation. Its certificate is the trust anchor a verifier is given
 * (a bank's {@code card.trust-anchors}). Made in memory for tests, or kept in a directory so that
 * a station's simulated cards and a bank in another process agree on it.
 */
public final class ManufacturerCa {

    private final String name;
    private final KeyPair keyPair;
    private final X509Certificate certificate;
    private final AtomicLong serials = new AtomicLong(System.currentTimeMillis());

    /** The trust anchor's file in a manufacturer directory: what a bank is configured to trust. */
    public static final String CERTIFICATE_FILE = "manufacturer-ca.pem";
    private static final String KEY_FILE = "manufacturer-key.pem";

    private ManufacturerCa(String name, KeyPair keyPair, X509Certificate certificate) {
        this.name = name;
        this.keyPair = keyPair;
        this.certificate = certificate;
    }

    private ManufacturerCa(String name) {
        this.name = name;
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            keyPair = generator.generateKeyPair();
            var subject = new X500Name("CN=" + name);
            var builder = builder(subject, subject, keyPair.getPublic(), Duration.ofDays(3650));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            certificate = sign(builder);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create the manufacturer CA", e);
        }
    }

    public static ManufacturerCa create(String name) {
        return new ManufacturerCa(name);
    }

    /**
     * The manufacturer kept in {@code directory}: read from there, or made and written there on
     * first use ({@value #CERTIFICATE_FILE}, and its key readable by the owner only). A simulated
     * manufacturer's key protects nothing real; it is kept in the clear so that scripts need no secret.
     *
     * @throws IncompleteManufacturerException if only one of the two files is there: making a new
     *         manufacturer would silently replace the trust anchor a bank may already be configured with
     */
    public static synchronized ManufacturerCa openOrCreate(Path directory) {
        Path certificateFile = directory.resolve(CERTIFICATE_FILE);
        Path keyFile = directory.resolve(KEY_FILE);
        boolean hasCertificate = Files.exists(certificateFile);
        boolean hasKey = Files.exists(keyFile);
        if (hasCertificate != hasKey) {
            throw new IncompleteManufacturerException(directory, hasCertificate ? KEY_FILE : CERTIFICATE_FILE);
        }
        try {
            if (hasCertificate) {
                X509Certificate certificate = ManufacturerFiles.readCertificate(certificateFile);
                var keys = new KeyPair(certificate.getPublicKey(), ManufacturerFiles.readPrivateKey(keyFile));
                return new ManufacturerCa(IETFUtils.valueToString(
                        X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN)[0]
                                .getFirst().getValue()), keys, certificate);
            }
            var made = new ManufacturerCa("keybound simulated card maker " + Long.toHexString(System.nanoTime()));
            Files.createDirectories(directory);
            ManufacturerFiles.writePrivateKey(keyFile, made.keyPair.getPrivate());
            ManufacturerFiles.writeCertificate(certificateFile, made.certificate);
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the card manufacturer in " + directory, e);
        }
    }

    /** The trust anchor to configure verifiers with. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** Certifies a card's attestation key (an uncompressed P-256 point) for card {@code serial}. */
    public X509Certificate certifyAttestationKey(byte[] point, String serial) {
        return certifyAttestationKey(publicKey(point), serial);
    }

    public X509Certificate certifyAttestationKey(PublicKey key, String serial) {
        try {
            var builder = builder(new X500Name("CN=" + name), attestationSubject(serial),
                    key, Duration.ofDays(3650));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            return sign(builder);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot certify the attestation key", e);
        }
    }

    /** The card's serial both in the CN and as the subject serialNumber attribute, which verifiers match against the statement. */
    private static X500Name attestationSubject(String serial) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "keybound card attestation " + serial)
                .addRDN(BCStyle.SERIALNUMBER, serial).build();
    }

    /** The JCA key for an uncompressed P-256 point. */
    public static PublicKey publicKey(byte[] point) {
        try {
            var parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            var params = parameters.getParameterSpec(ECParameterSpec.class);
            var w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 33)),
                    new BigInteger(1, Arrays.copyOfRange(point, 33, 65)));
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, params));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a P-256 point", e);
        }
    }

    private X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key, Duration validity) {
        var now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(serials.incrementAndGet()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), subject, key);
    }

    private X509Certificate sign(X509v3CertificateBuilder builder) throws GeneralSecurityException {
        try {
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }
}

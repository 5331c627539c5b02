package keybound.issuer.support;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import keybound.token.AttestationStatement;
import keybound.token.attest.AttestationData;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A card manufacturer for tests: a CA and an attestation key it certifies per card serial, signing
 * statements laid out exactly as {@link AttestationData} (what the applet signs).
 */
public final class TestManufacturer {

    private final KeyPair caKeys = ClientKeys.ec();
    private final X509Certificate caCertificate;
    private final KeyPair attestationKeys = ClientKeys.ec();
    private final String name;
    private final Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    /** One attestation certificate per card serial, as a manufacturer certifies each card. */
    private final Map<String, X509Certificate> attestationCertificates = new ConcurrentHashMap<>();

    public TestManufacturer(String name) {
        this.name = name;
        X500Name root = new X500Name("CN=" + name + " Root");
        this.caCertificate = certificate(root, caKeys, root, caKeys.getPublic(), true, created);
    }

    /** The attestation certificate for card {@code serial}: its serial in the CN and the subject serialNumber. */
    public X509Certificate attestationCertificate(String serial) {
        return attestationCertificates.computeIfAbsent(serial, s -> certificate(new X500Name("CN=" + name + " Root"), caKeys,
                new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name + " card attestation " + s)
                        .addRDN(BCStyle.SERIALNUMBER, s).build(), attestationKeys.getPublic(), false, created));
    }

    public X509Certificate trustAnchor() {
        return caCertificate;
    }

    /** A genuine statement that slot {@code slot} of card {@code serial} holds {@code key}, binding {@code nonce}. */
    public AttestationStatement attest(String serial, int slot, byte[] nonce, PublicKey key) {
        byte[] data = encode(serial, slot, nonce, key);
        return new AttestationStatement(data, ClientKeys.sign(attestationKeys, data), List.of(attestationCertificate(serial)));
    }

    /** The same layout signed by a key the manufacturer never certified, presented with the genuine chain. */
    public AttestationStatement forge(String serial, int slot, byte[] nonce, PublicKey key) {
        byte[] data = encode(serial, slot, nonce, key);
        return new AttestationStatement(data, ClientKeys.sign(ClientKeys.ec(), data), List.of(attestationCertificate(serial)));
    }

    public static byte[] encode(String serial, int slot, byte[] nonce, PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            byte[] point = new byte[65];
            point[0] = 4;
            copyFixed(ec.getW().getAffineX(), point, 1);
            copyFixed(ec.getW().getAffineY(), point, 33);
            return new AttestationData(slot, serial, nonce, AttestationData.KEY_EC_P256, point).encode();
        }
        RSAPublicKey rsa = (RSAPublicKey) key;
        byte[] modulus = unsigned(rsa.getModulus());
        byte[] exponent = unsigned(rsa.getPublicExponent());
        byte[] out = new byte[2 + modulus.length + exponent.length];
        out[0] = (byte) (modulus.length >>> 8);
        out[1] = (byte) modulus.length;
        System.arraycopy(modulus, 0, out, 2, modulus.length);
        System.arraycopy(exponent, 0, out, 2 + modulus.length, exponent.length);
        return new AttestationData(slot, serial, nonce, AttestationData.KEY_RSA, out).encode();
    }

    private static void copyFixed(BigInteger value, byte[] out, int offset) {
        byte[] bytes = unsigned(value);
        System.arraycopy(bytes, 0, out, offset + 32 - bytes.length, bytes.length);
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 && bytes.length > 1 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static X509Certificate certificate(X500Name issuer, KeyPair issuerKeys, X500Name subject, PublicKey subjectKey,
                                               boolean ca, Instant now) {
        try {
            var builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(3650, ChronoUnit.DAYS)),
                    subject, subjectKey);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        } catch (GeneralSecurityException | OperatorCreationException
                 | CertIOException e) {
            throw new IllegalStateException(e);
        }
    }
}

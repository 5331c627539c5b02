package keybound.cli.bank;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import keybound.cli.CliException;
import keybound.cli.ExitCode;
import keybound.issuer.ca.CaSigner;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * The bank server's own TLS certificate, signed by the issuing CA on its token. The server key is
 * a software key in a PKCS#12 store: the server process needs it unattended (use an HSM-backed
 * key store in production).
 */
public final class ServerCertificate {

    private ServerCertificate() {
    }

    public record Issued(KeyPair keys, X509Certificate certificate) {
    }

    public static Issued issue(CaSigner signer, X509Certificate issuingCa, String host, Duration validity) {
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(issuingCa, new BigInteger(127, new SecureRandom()).setBit(126),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)),
                    new X500Name("CN=" + host), keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(name(host)));
            X509Certificate certificate = signer.sign(contentSigner -> {
                try {
                    return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
                } catch (CertificateException e) {
                    throw new IllegalStateException("cannot encode the server certificate", e);
                }
            });
            return new Issued(keys, certificate);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot make the server certificate", e);
        }
    }

    /** Writes the server key with its chain, and a trust store of the CA chain, both PKCS#12 under {@code password}. */
    public static void writeStores(Issued issued, List<X509Certificate> chain, Path keystore,
                                   Path truststore, char[] password) {
        try {
            var keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            var path = new Certificate[chain.size() + 1];
            path[0] = issued.certificate();
            for (int i = 0; i < chain.size(); i++) {
                path[i + 1] = chain.get(i);
            }
            keys.setKeyEntry("server", issued.keys().getPrivate(), password, path);
            store(keys, keystore, password);
            var trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < chain.size(); i++) {
                trust.setCertificateEntry("bank-ca-" + i, chain.get(i));
            }
            store(trust, truststore, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new CliException(ExitCode.FAILURE, "Cannot write the key stores: " + e.getMessage() + ".");
        }
    }

    private static void store(KeyStore store, Path file, char[] password)
            throws GeneralSecurityException, IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (var out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
    }

    private static GeneralName name(String host) {
        boolean literal = host.matches("[0-9.]+") || host.contains(":");
        if (literal) {
            try {
                return new GeneralName(GeneralName.iPAddress, InetAddress.getByName(host).getHostAddress());
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP address: " + host);
            }
        }
        return new GeneralName(GeneralName.dNSName, host);
    }
}

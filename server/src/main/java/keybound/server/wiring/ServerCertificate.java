package keybound.server.wiring;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import keybound.issuer.ca.CertificateAuthority;
import keybound.issuer.store.OwnerOnlyFiles;
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
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * The server's own TLS certificate, issued by the bank CA for the names clients use on loopback
 * ({@code localhost}, {@code 127.0.0.1}, {@code ::1}) plus any configured host. Made at start-up
 * when the key store is missing, or when its certificate expires within {@link #RENEW_BEFORE} or
 * was issued by another CA; or by {@code keybound bank server-cert}. Every server certificate has
 * the same profile: EC P-256, serverAuth, the names as SAN, SKI and AKI, and an end date never past
 * the issuing CA's. The TLS key is a software EC P-256 key in a PKCS#12 file protected by
 * the configured password (the CA key stays on its token; only the CA signs here).
 */
public final class ServerCertificate {

    static final Duration VALIDITY = Duration.ofDays(90);
    static final Duration RENEW_BEFORE = Duration.ofDays(14);
    public static final String ALIAS = "server";

    private ServerCertificate() {
    }

    /**
     * Writes a fresh key and certificate to {@code keystore} unless a usable one is there ({@code tls.auto}).
     * Returns whether it issued.
     */
    public static boolean ensure(Path keystore, char[] password, CertificateAuthority ca, List<String> hostNames, Clock clock) {
        try {
            if (Files.exists(keystore) && usable(keystore, password, ca, clock.instant())) {
                return false;
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot read the server's TLS key store " + keystore, e);
        }
        writeKeyStore(keystore, password, ca, hostNames, clock.instant(), VALIDITY);
        return true;
    }

    /**
     * Issues a new key and certificate for {@code hostNames} (the first is the subject's CN), valid
     * {@code validity} from {@code now} but never past the CA's own end, and writes it with the CA
     * chain to {@code keystore}. Returns the certificate.
     */
    public static X509Certificate writeKeyStore(Path keystore, char[] password, CertificateAuthority ca, List<String> hostNames,
            Instant now, Duration validity) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            X509Certificate certificate = issue(ca, keys, hostNames, now, validity);
            List<Certificate> chain = new ArrayList<>();
            chain.add(certificate);
            chain.addAll(ca.chain());
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, keys.getPrivate(), password, chain.toArray(new Certificate[0]));
            save(store, keystore, password);
            return certificate;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot issue the server's TLS certificate", e);
        }
    }

    /** Writes the bank CA chain as a PKCS#12 trust store (the server's {@code tls.truststore.path}). */
    public static void writeTrustStore(Path file, char[] password, List<X509Certificate> chain) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < chain.size(); i++) {
                trust.setCertificateEntry("bank-ca-" + i, chain.get(i));
            }
            save(trust, file, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot write the bank CA trust store " + file, e);
        }
    }

    // Written beside the target (0600 from the first byte) and moved into place: a reader never sees half a key store.
    private static void save(KeyStore store, Path file, char[] password) throws GeneralSecurityException, IOException {
        Path temporary = OwnerOnlyFiles.newFile(file.resolveSibling(file.getFileName() + ".new"));
        try (OutputStream out = Files.newOutputStream(temporary)) {
            store.store(out, password);
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean usable(Path keystore, char[] password, CertificateAuthority ca, Instant now)
            throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password);
        }
        if (!(store.getCertificate(ALIAS) instanceof X509Certificate certificate)) {
            return false;
        }
        try {
            certificate.verify(ca.certificate().getPublicKey());
        } catch (GeneralSecurityException e) {
            return false;
        }
        return certificate.getNotAfter().toInstant().isAfter(now.plus(RENEW_BEFORE));
    }

    static X509Certificate issue(CertificateAuthority ca, KeyPair keys, List<String> hostNames, Instant now, Duration validity) {
        Instant notAfter = now.plus(validity);
        Instant caEnd = ca.certificate().getNotAfter().toInstant();
        if (notAfter.isAfter(caEnd)) {
            notAfter = caEnd;
        }
        byte[] serial = new byte[16];
        new SecureRandom().nextBytes(serial);
        serial[0] &= 0x7f;
        Instant end = notAfter;
        return ca.signer().sign(signer -> {
            try {
                var utils = new JcaX509ExtensionUtils();
                var builder = new JcaX509v3CertificateBuilder(ca.certificate(), new BigInteger(1, serial),
                        Date.from(now.minus(Duration.ofMinutes(5))), Date.from(end), new X500Name("CN=" + hostNames.get(0)),
                        keys.getPublic());
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                builder.addExtension(Extension.subjectAlternativeName, false, names(hostNames));
                builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        utils.createAuthorityKeyIdentifier(ca.certificate()));
                return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            } catch (GeneralSecurityException | CertIOException e) {
                throw new IllegalStateException("cannot build the server certificate", e);
            }
        });
    }

    /** DNS names as dNSName, literal addresses as iPAddress. */
    private static GeneralNames names(List<String> hostNames) {
        List<GeneralName> names = new ArrayList<>();
        for (String host : hostNames) {
            boolean literal = host.matches("[0-9.]+") || host.contains(":");
            names.add(literal ? new GeneralName(GeneralName.iPAddress, host) : new GeneralName(GeneralName.dNSName, host));
        }
        return new GeneralNames(names.toArray(new GeneralName[0]));
    }

    /** The names a server listening on {@code host} answers to: that host first (the CN), then the loopback names. */
    public static List<String> namesFor(String host) {
        List<String> names = new ArrayList<>();
        if (!host.equals("0.0.0.0") && !host.equals("::")) {
            names.add(host);
        }
        for (String loopback : List.of("localhost", "127.0.0.1", "::1")) {
            if (!names.contains(loopback)) {
                names.add(loopback);
            }
        }
        return names;
    }

}

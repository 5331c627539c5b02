package keybound.server.wiring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import keybound.issuer.ca.CertificateAuthority;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one server-certificate profile: names, SKI/AKI, and an end date never past the issuing CA's. */
class ServerCertificateTest {

    private static final char[] PASSWORD = "store-pass".toCharArray();

    @TempDir
    Path directory;

    @Test
    void carriesSubjectAndAuthorityKeyIdentifiers() throws Exception {
        try (var bank = devBank()) {
            CertificateAuthority ca = bank.certificateAuthority();
            X509Certificate issued = ServerCertificate.writeKeyStore(directory.resolve("server.p12"), PASSWORD, ca,
                    List.of("bank.example"), Instant.now(), Duration.ofDays(397));
            issued.verify(ca.certificate().getPublicKey());
            var utils = new JcaX509ExtensionUtils();
            assertArrayEquals(utils.createSubjectKeyIdentifier(issued.getPublicKey()).getKeyIdentifier(),
                    SubjectKeyIdentifier.getInstance(octets(issued, Extension.subjectKeyIdentifier)).getKeyIdentifier());
            assertArrayEquals(utils.createSubjectKeyIdentifier(ca.certificate().getPublicKey()).getKeyIdentifier(),
                    AuthorityKeyIdentifier.getInstance(octets(issued, Extension.authorityKeyIdentifier)).getKeyIdentifier());
            assertEquals("CN=bank.example", issued.getSubjectX500Principal().getName());
            assertEquals(issued, stored(directory.resolve("server.p12")));
        }
    }

    @Test
    void endsNoLaterThanTheIssuingCa() throws Exception {
        try (var bank = devBank()) {
            CertificateAuthority ca = bank.certificateAuthority();
            Instant caEnd = ca.certificate().getNotAfter().toInstant();
            X509Certificate issued = ServerCertificate.writeKeyStore(directory.resolve("server.p12"), PASSWORD, ca,
                    List.of("127.0.0.1"), caEnd.minus(Duration.ofDays(10)), Duration.ofDays(397));
            assertEquals(caEnd, issued.getNotAfter().toInstant());
        }
    }

    @Test
    void aLoopbackServerIsNamedByItsHostFirst() {
        assertEquals(List.of("127.0.0.1", "localhost", "::1"), ServerCertificate.namesFor("127.0.0.1"));
        assertEquals(List.of("bank.example", "localhost", "127.0.0.1", "::1"), ServerCertificate.namesFor("bank.example"));
        assertTrue(ServerCertificate.namesFor("0.0.0.0").get(0).equals("localhost"));
    }

    private BankAssembly devBank() throws Exception {
        Path file = Files.writeString(directory.resolve("bank.properties"), String.join("\n", "data.dir=" + directory,
                "ca.dev-pkcs12=" + directory.resolve("ca.p12"), "tls.keystore.path=" + directory.resolve("server.p12"), "tls.keystore.password=unused", "tls.client-auth=none", ""));
        var bank = BankAssembly.of(file, Map.of(BankAssembly.CA_PIN, "ca-pin-1"), Clock.systemUTC());
        bank.createCa("Certificate Test");
        return bank;
    }

    private static byte[] octets(X509Certificate certificate, ASN1ObjectIdentifier oid) {
        return ASN1OctetString.getInstance(certificate.getExtensionValue(oid.getId())).getOctets();
    }

    private static X509Certificate stored(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }
        return (X509Certificate) store.getCertificate(ServerCertificate.ALIAS);
    }
}

package keybound.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import keybound.bankapi.BankApi;
import keybound.bankapi.client.BackOfficeClient;
import keybound.bankapi.client.BankClient;
import keybound.server.fixture.BankFixture;
import keybound.server.fixture.Registry;
import keybound.testkit.softhsm.SoftHsmExtension;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two bank nodes (two servers, two connection pools) on one registry database, H2 and a real
 * PostgreSQL, over real HTTPS: they serve the same CRL, a revocation made through one is in the
 * other's CRL at once, and CRL numbers only go up whichever node answers.
 */
@ExtendWith(SoftHsmExtension.class)
class SharedCrlAcrossNodesTest {

    @TempDir
    Path directory;

    private final List<BankFixture> nodes = new ArrayList<>();

    @AfterEach
    void close() {
        nodes.forEach(BankFixture::close);
    }

    private BankFixture node(Registry registry, String url, String name) throws Exception {
        var node = BankFixture.open(Files.createDirectories(directory.resolve(name)), registry, url, Instant.now());
        nodes.add(node);
        return node;
    }

    /** Registers the bank and a contract through {@code on}, and acquires the administrator's certificate through {@code acquireOn}. */
    private static BankApi.IssuedCertificate administratorCertificate(BankFixture on, BankFixture acquireOn) {
        return acquireOn.acquireAdministrator(on.openContract("NONE")).issued();
    }

    @ParameterizedTest
    @EnumSource(Registry.class)
    void aRevocationThroughOneNodeIsInTheOtherNodesCrlAtOnce(Registry registry) throws Exception {
        String url = registry.jdbcUrl();
        BankFixture a = node(registry, url, "a");
        BankFixture b = node(registry, url, "b");
        BankApi.IssuedCertificate issued = administratorCertificate(a, b);
        X509Certificate certificate = BankClient.certificate(issued);

        X509CRL first = b.anonymous().crl();
        assertFalse(first.isRevoked(certificate));
        assertArrayEquals(first.getEncoded(), a.anonymous().crl().getEncoded(), "both nodes serve the one CRL");

        try (BackOfficeClient operator = a.operator()) {
            operator.revoke(issued.serial(), "KEY_COMPROMISE");
        }
        X509CRL afterRevocation = b.anonymous().crl();
        afterRevocation.verify(a.issuer().caChain().get(0).getPublicKey());
        assertTrue(afterRevocation.isRevoked(certificate), "revoked on A, listed by B at once");
        assertTrue(number(afterRevocation).compareTo(number(first)) > 0);
        assertArrayEquals(afterRevocation.getEncoded(), a.anonymous().crl().getEncoded());

        byte[] published;
        try (BackOfficeClient operator = b.operator()) {
            published = operator.publishCrl();
        }
        X509CRL publishedCrl = (X509CRL) CertificateFactory.getInstance("X.509")
                .generateCRL(new ByteArrayInputStream(published));
        assertTrue(number(publishedCrl).compareTo(number(afterRevocation)) > 0, "a publish takes the next number");
        assertTrue(publishedCrl.isRevoked(certificate));
        assertArrayEquals(published, a.anonymous().crl().getEncoded(), "A serves what B published");
    }

    @ParameterizedTest
    @EnumSource(Registry.class)
    void downloadsRacingOverBothNodesAfterARevocationGetOneNewCrl(Registry registry) throws Exception {
        String url = registry.jdbcUrl();
        BankFixture a = node(registry, url, "a");
        BankFixture b = node(registry, url, "b");
        BankApi.IssuedCertificate issued = administratorCertificate(a, a);
        X509Certificate certificate = BankClient.certificate(issued);
        BigInteger before = number(a.anonymous().crl());
        try (BackOfficeClient operator = b.operator()) {
            operator.revoke(issued.serial(), "AFFILIATION_CHANGED");
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<X509CRL>> downloads = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                BankFixture node = i % 2 == 0 ? a : b;
                downloads.add(pool.submit(() -> node.anonymous().crl()));
            }
            Set<BigInteger> numbers = new HashSet<>();
            for (Future<X509CRL> download : downloads) {
                assertTrue(download.get().isRevoked(certificate));
                numbers.add(number(download.get()));
            }
            // Without the counter row lock each node (or thread) that saw the stale CRL would sign its own.
            assertEquals(Set.of(before.add(BigInteger.ONE)), numbers, "one CRL signed for all: " + numbers);
        } finally {
            pool.shutdownNow();
        }
    }

    static BigInteger number(X509CRL crl) {
        byte[] extension = crl.getExtensionValue(Extension.cRLNumber.getId());
        return ASN1Integer.getInstance(ASN1OctetString.getInstance(extension).getOctets()).getValue();
    }
}

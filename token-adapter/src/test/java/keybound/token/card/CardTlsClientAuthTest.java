package keybound.token.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import keybound.token.TokenSession;
import keybound.token.bc.CsrFactory;
import keybound.token.jca.TokenKeyManager;
import keybound.token.jca.TokenPrivateKey;
import keybound.token.jca.TokenProvider;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A card key as a TLS 1.3 client key and a CSR signer, through the JCA provider. */
class CardTlsClientAuthTest {
    private static final char[] STORE_PASSWORD = "changeit".toCharArray();

    private static KeyPair caKey;
    private static X509Certificate caCert;

    private final CardFixture fixture = new CardFixture();

    @BeforeAll
    static void pki() throws Exception {
        TokenProvider.install();
        caKey = ecKeyPair();
        var name = new X500Name("CN=keybound test bank CA");
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(Instant.now().minusSeconds(60)),
                Date.from(Instant.now().plus(Duration.ofDays(1))), name, caKey.getPublic());
        builder.addExtension(Extension.basicConstraints, true,
                new BasicConstraints(true));
        caCert = sign(builder);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void tls13HandshakeWithTheClientKeyOnTheCard() throws Exception {
        try (TokenSession session = fixture.token().open(CardFixture.pin())) {
            KeyRef key = session.generateKeyPair(KeyAlgorithm.EC_P256, "alice-tls");
            X509Certificate clientCert = certifyFromCsr(session, key, "CN=alice,O=keybound customer");
            session.storeCertificate(key, clientCert);

            var serverKey = ecKeyPair();
            var serverName = new X500Name("CN=localhost");
            X509Certificate serverCert = sign(new JcaX509v3CertificateBuilder(new X500Name("CN=keybound test bank CA"),
                    BigInteger.TWO, Date.from(Instant.now().minusSeconds(60)), Date.from(Instant.now().plus(Duration.ofDays(1))),
                    serverName, serverKey.getPublic()));
            SSLContext server = serverContext(serverKey.getPrivate(), serverCert);
            SSLContext client = SSLContext.getInstance("TLSv1.3");
            client.init(new TokenKeyManager[] {new TokenKeyManager(session, List.of())}, trustCa(), null);

            long before = fixture.apdus();
            try (var listener = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1,
                    InetAddress.getLoopbackAddress())) {
                listener.setNeedClientAuth(true);
                listener.setEnabledProtocols(new String[] {"TLSv1.3"});
                CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> {
                    try (var socket = (SSLSocket) listener.accept()) {
                        socket.getOutputStream().write(socket.getInputStream().read() + 1);
                        return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName()
                                + " " + socket.getSession().getProtocol();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                try (var socket = (SSLSocket) client.getSocketFactory().createSocket(
                        InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                    socket.setEnabledProtocols(new String[] {"TLSv1.3"});
                    socket.getOutputStream().write(41);
                    assertEquals(42, socket.getInputStream().read());
                }
                assertEquals("O=keybound customer,CN=alice TLSv1.3", peer.get(30, TimeUnit.SECONDS));
            }
            assertEquals(1, fixture.apdus() - before, "one SIGN APDU: the CertificateVerify, signed on the card");
        }
    }

    @Test
    void serverRefusesAClientWithoutAKeyOnTheCard() throws Exception {
        try (TokenSession session = fixture.token().open(CardFixture.pin())) {
            var serverKey = ecKeyPair();
            X509Certificate serverCert = sign(new JcaX509v3CertificateBuilder(new X500Name("CN=keybound test bank CA"),
                    BigInteger.TEN, Date.from(Instant.now().minusSeconds(60)), Date.from(Instant.now().plus(Duration.ofDays(1))),
                    new X500Name("CN=localhost"), serverKey.getPublic()));
            SSLContext server = serverContext(serverKey.getPrivate(), serverCert);
            SSLContext client = SSLContext.getInstance("TLSv1.3");
            client.init(new TokenKeyManager[] {new TokenKeyManager(session, List.of())}, trustCa(), null);
            try (var listener = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1,
                    InetAddress.getLoopbackAddress())) {
                listener.setNeedClientAuth(true);
                CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
                    try (var socket = (SSLSocket) listener.accept()) {
                        socket.startHandshake();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                try (var socket = (SSLSocket) client.getSocketFactory().createSocket(
                        InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                    assertThrows(IOException.class, () -> {
                        socket.startHandshake();
                        socket.getOutputStream().write(1);
                        socket.getInputStream().read();
                    });
                }
                assertThrows(Exception.class, () -> accepted.get(30, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void jcaSignatureWithACardKeyVerifiesInSoftware() throws Exception {
        try (TokenSession session = fixture.token().open(CardFixture.pin())) {
            KeyRef key = session.generateKeyPair(KeyAlgorithm.EC_P256, "jca");
            var signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(TokenPrivateKey.of(session, key));
            signer.update("to be signed".getBytes(StandardCharsets.UTF_8));
            byte[] signature = signer.sign();
            assertEquals(TokenProvider.NAME, signer.getProvider().getName());
            var verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(session.publicKey(key));
            verifier.update("to be signed".getBytes(StandardCharsets.UTF_8));
            assertTrue(verifier.verify(signature));
            assertEquals(null, TokenPrivateKey.of(session, key).getEncoded());
        }
    }

    private static X509Certificate certifyFromCsr(TokenSession session, KeyRef key, String subject) throws Exception {
        var csr = new JcaPKCS10CertificationRequest(CsrFactory.create(session, key, new X500Name(subject)));
        assertTrue(csr.isSignatureValid(new JcaContentVerifierProviderBuilder()
                .build(session.publicKey(key))));
        return sign(new JcaX509v3CertificateBuilder(new X500Name("CN=keybound test bank CA"),
                BigInteger.valueOf(System.nanoTime()), Date.from(Instant.now().minusSeconds(60)),
                Date.from(Instant.now().plus(Duration.ofDays(1))), csr.getSubject(), csr.getPublicKey()));
    }

    private static SSLContext serverContext(PrivateKey key, X509Certificate cert) throws Exception {
        var store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", key, STORE_PASSWORD, new X509Certificate[] {cert, caCert});
        var kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(store, STORE_PASSWORD);
        var context = SSLContext.getInstance("TLSv1.3");
        context.init(kmf.getKeyManagers(), trustCa(), null);
        return context;
    }

    private static TrustManager[] trustCa() throws Exception {
        var trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", caCert);
        var tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        return tmf.getTrustManagers();
    }

    private static KeyPair ecKeyPair() throws Exception {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate())));
    }
}

package keybound.token.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import keybound.testkit.ca.TestCa;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import keybound.token.TokenSession;
import keybound.token.bc.CsrFactory;
import keybound.token.jca.TokenKeyManager;
import keybound.token.jca.TokenPrivateKey;
import keybound.token.jca.TokenProvider;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A card key as a TLS 1.3 client key and a CSR signer, through the JCA provider. */
class CardTlsClientAuthTest {
    private static final char[] STORE_PASSWORD = "changeit".toCharArray();

    private static TestCa ca;

    private final CardFixture fixture = new CardFixture();

    @BeforeAll
    static void pki() throws Exception {
        TokenProvider.install();
        ca = TestCa.create("keybound test bank CA");
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void tls13HandshakeWithTheClientKeyOnTheCard() throws Exception {
        try (TokenSession session = fixture.token().open(CardFixture.pin())) {
            KeyRef key = session.generateKeyPair(KeyAlgorithm.EC_P256, "alice-tls");
            X509Certificate clientCert = certifyFromCsr(session, key, "alice");
            session.storeCertificate(key, clientCert);

            var serverKey = TestCa.ecKeyPair();
            X509Certificate serverCert = ca.issueServer(serverKey.getPublic());
            SSLContext server = serverContext(serverKey.getPrivate(), serverCert);
            SSLContext client = SSLContext.getInstance("TLSv1.3");
            client.init(new TokenKeyManager[] {new TokenKeyManager(session, List.of())}, ca.trustManagers(), null);

            long before = fixture.apdus();
            try (var listener = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1,
                    java.net.InetAddress.getLoopbackAddress())) {
                listener.setNeedClientAuth(true);
                listener.setEnabledProtocols(new String[] {"TLSv1.3"});
                CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> {
                    try (var socket = (SSLSocket) listener.accept()) {
                        socket.getOutputStream().write(socket.getInputStream().read() + 1);
                        return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName()
                                + " " + socket.getSession().getProtocol();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                try (var socket = (SSLSocket) client.getSocketFactory().createSocket(
                        java.net.InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                    socket.setEnabledProtocols(new String[] {"TLSv1.3"});
                    socket.getOutputStream().write(41);
                    assertEquals(42, socket.getInputStream().read());
                }
                assertEquals("CN=alice TLSv1.3", peer.get(30, TimeUnit.SECONDS));
            }
            assertEquals(1, fixture.apdus() - before, "one SIGN APDU: the CertificateVerify, signed on the card");
        }
    }

    @Test
    void serverRefusesAClientWithoutAKeyOnTheCard() throws Exception {
        try (TokenSession session = fixture.token().open(CardFixture.pin())) {
            var serverKey = TestCa.ecKeyPair();
            X509Certificate serverCert = ca.issueServer(serverKey.getPublic());
            SSLContext server = serverContext(serverKey.getPrivate(), serverCert);
            SSLContext client = SSLContext.getInstance("TLSv1.3");
            client.init(new TokenKeyManager[] {new TokenKeyManager(session, List.of())}, ca.trustManagers(), null);
            try (var listener = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1,
                    java.net.InetAddress.getLoopbackAddress())) {
                listener.setNeedClientAuth(true);
                CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
                    try (var socket = (SSLSocket) listener.accept()) {
                        socket.startHandshake();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                try (var socket = (SSLSocket) client.getSocketFactory().createSocket(
                        java.net.InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
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
            signer.update("to be signed".getBytes());
            byte[] signature = signer.sign();
            assertEquals(TokenProvider.NAME, signer.getProvider().getName());
            var verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(session.publicKey(key));
            verifier.update("to be signed".getBytes());
            assertTrue(verifier.verify(signature));
            assertEquals(null, TokenPrivateKey.of(session, key).getEncoded());
        }
    }

    private static X509Certificate certifyFromCsr(TokenSession session, KeyRef key, String commonName) throws Exception {
        var csr = new JcaPKCS10CertificationRequest(CsrFactory.create(session, key, new X500Name("CN=" + commonName)));
        assertTrue(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(session.publicKey(key))));
        return ca.issueClient(commonName, csr.getPublicKey());
    }

    private static SSLContext serverContext(PrivateKey key, X509Certificate cert) throws Exception {
        var store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", key, STORE_PASSWORD, new X509Certificate[] {cert, ca.certificate()});
        var kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(store, STORE_PASSWORD);
        var context = SSLContext.getInstance("TLSv1.3");
        context.init(kmf.getKeyManagers(), ca.trustManagers(), null);
        return context;
    }
}

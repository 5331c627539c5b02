package keybound.token.jca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import keybound.testkit.ca.TestCa;
import keybound.testkit.softhsm.SoftHsmExtension;
import keybound.testkit.softhsm.TokenSpec;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import keybound.token.Secret;
import keybound.token.TokenSelector;
import keybound.token.TokenSession;
import keybound.token.bc.CsrFactory;
import keybound.token.pkcs11.Pkcs11Token;
import keybound.token.pkcs11.SoftHsmTokens;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real TLS 1.3 handshake on loopback: the server (key in software) requires a client
 * certificate, and the client's private key stays on SoftHSM, used through SunPKCS11.
 */
@ExtendWith(SoftHsmExtension.class)
class SunPkcs11TlsTest {

    private static TestCa ca;
    private static TokenSpec spec;
    private static X509Certificate clientCertificate;
    private static SSLContext server;

    @BeforeAll
    static void enrolClientOnToken() throws Exception {
        ca = TestCa.create("keybound test CA");
        spec = SoftHsmTokens.create("tls-client");
        try (Pkcs11Token token = SoftHsmTokens.token(spec);
             Secret pin = Secret.of(spec.userPin());
             TokenSession session = token.open(pin)) {
            KeyRef key = session.generateKeyPair(KeyAlgorithm.EC_P256, "tls-client");
            var csr = CsrFactory.create(session, key, new X500Name("CN=Alice Customer"));
            var publicKey = new JcaPEMKeyConverter().getPublicKey(csr.getSubjectPublicKeyInfo());
            clientCertificate = ca.issueClient("Alice Customer", publicKey);
            session.storeCertificate(key, clientCertificate);
        }
        server = serverContext();
    }

    @AfterAll
    static void nothingLeftOpen() {
        // tokens and leases are closed by try-with-resources; the server socket per test
    }

    @Test
    void tls13HandshakeAuthenticatesTheClientWithItsKeyOnTheToken() throws Exception {
        try (Secret pin = Secret.of(spec.userPin());
             SunPkcs11Bridge bridge = SunPkcs11Bridge.open(SoftHsmTokens.module(), TokenSelector.label(spec.label()), pin)) {
            assertTrue(bridge.keyStore().isKeyEntry("tls-client"));
            var outcome = handshake(bridge.tlsContext(ca.trustManagers()));
            assertEquals("TLSv1.3", outcome.protocol());
            assertEquals(clientCertificate, outcome.clientCertificate());
        }
    }

    @Test
    void withoutTheTokenKeyTheServerRefusesTheClient() throws Exception {
        var anonymous = SSLContext.getInstance("TLS");
        anonymous.init(null, ca.trustManagers(), null);
        assertThrows(Exception.class, () -> handshake(anonymous));
    }

    @Test
    void aWrongPinThroughSunPkcs11IsOurWrongPinException() {
        try (Secret wrong = Secret.of("not-the-pin")) {
            var error = assertThrows(keybound.token.WrongPinException.class,
                    () -> SunPkcs11Bridge.open(SoftHsmTokens.module(), TokenSelector.label(spec.label()), wrong));
            assertTrue(!error.getMessage().contains("not-the-pin"));
        }
    }

    record Outcome(String protocol, X509Certificate clientCertificate) {
    }

    /** Runs the server side on a thread, the client here; returns what the server saw. */
    private static Outcome handshake(SSLContext client) throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setNeedClientAuth(true);
            listener.setEnabledProtocols(new String[] {"TLSv1.3"});
            Future<Outcome> seen = executor.submit(() -> {
                try (SSLSocket socket = (SSLSocket) listener.accept()) {
                    socket.startHandshake();
                    Certificate[] peer = socket.getSession().getPeerCertificates();
                    socket.getOutputStream().write(42);
                    socket.getOutputStream().flush();
                    return new Outcome(socket.getSession().getProtocol(), (X509Certificate) peer[0]);
                }
            });
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                socket.setEnabledProtocols(new String[] {"TLSv1.3"});
                socket.startHandshake();
                if (socket.getInputStream().read() != 42) {
                    throw new IOException("the server did not answer");
                }
            }
            try {
                return seen.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw (Exception) e.getCause();
            }
        } finally {
            executor.shutdownNow();
        }
    }

    private static SSLContext serverContext() throws Exception {
        KeyPair keys = TestCa.ecKeyPair();
        X509Certificate certificate = ca.issueServer(keys.getPublic());
        char[] password = "server-keystore".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", keys.getPrivate(), password, new Certificate[] {certificate, ca.certificate()});
        var factory = KeyManagerFactory.getInstance("NewSunX509");
        factory.init(store, password);
        var context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), ca.trustManagers(), null);
        return context;
    }
}

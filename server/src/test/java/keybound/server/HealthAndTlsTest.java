package keybound.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import keybound.testkit.ca.TestCa;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthAndTlsTest {

    @TempDir
    Path directory;

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void healthAnswersOverTls13AndTls12() throws Exception {
        server = new TestServer(directory, ClientAuth.WANT);
        for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
            HttpResponse<String> response = server.get(server.client(Optional.empty(), Optional.empty(), protocol), "/health");
            assertEquals(200, response.statusCode());
            assertEquals("{\"status\":\"up\"}", response.body());
            assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
            assertEquals(protocol, response.sslSession().map(SSLSession::getProtocol).orElseThrow());
        }
    }

    @Test
    void aWrongKeyStorePasswordStopsTheStartNamingTheStoreNeverThePassword() {
        var refused = assertThrows(ServerStartException.class,
                () -> new TestServer(directory, ClientAuth.WANT, "tls.keystore.password=not-the-store-password"));
        assertTrue(refused.getCause().getMessage().startsWith("cannot open the TLS store "), refused.getCause().getMessage());
        for (Throwable t = refused; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains("not-the-store-password"), t.getMessage());
        }
    }

    @Test
    void serverListensOnLoopbackByDefault() throws Exception {
        server = new TestServer(directory, ClientAuth.WANT);
        assertEquals("127.0.0.1", server.config.listenHost());
        assertTrue(server.server.origin().startsWith("https://127.0.0.1:"));
    }

    @Test
    void tls12OffersOnlyAeadSuitesWithForwardSecrecy() throws Exception {
        server = new TestServer(directory, ClientAuth.WANT);
        String[] cbc = {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "TLS_RSA_WITH_AES_128_GCM_SHA256"};
        assertThrows(SSLHandshakeException.class, () -> handshake(cbc));
        String[] gcm = {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"};
        assertTrue(handshake(gcm).getCipherSuite().contains("_GCM_"));
    }

    @Test
    void opensslOfferingOnlyNonAeadSuitesOverTls12IsRefusedWhileItsDefaultsAndTls13Connect() throws Exception {
        server = new TestServer(directory, ClientAuth.WANT);
        // every suite OpenSSL knows but the AEAD ones (CBC with SHA-1/256/384, ARIA, Camellia, static RSA, …)
        String cbc = openssl("-tls1_2", "-cipher", "ALL:!AESGCM:!CHACHA20:!AESCCM:!ARIAGCM:@SECLEVEL=0");
        assertFalse(cbc.contains("Ciphersuite:"), cbc);
        String tls12 = openssl("-tls1_2");
        assertTrue(tls12.contains("Protocol version: TLSv1.2"), tls12);
        assertTrue(tls12.matches("(?s).*Ciphersuite: ECDHE-[A-Z]+-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)\\R.*"), tls12);
        String tls13 = openssl("-tls1_3");
        assertTrue(tls13.contains("Protocol version: TLSv1.3"), tls13);
    }

    /** What {@code openssl s_client} (the system's, a client JSSE did not write) says of a handshake with the server. */
    private String openssl(String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-brief", "-connect",
                "127.0.0.1:" + server.server.port()));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "openssl s_client did not end");
        return output;
    }

    private SSLSession handshake(String[] suites) throws IOException {
        var factory = server.pki.clientContext(Optional.empty(), Optional.empty()).getSocketFactory();
        try (var socket = (SSLSocket) factory.createSocket("127.0.0.1", server.server.port())) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.setEnabledCipherSuites(suites);
            socket.startHandshake();
            return socket.getSession();
        }
    }

    @Test
    void tls11HelloIsAnsweredWithAProtocolVersionAlertWhileTls12GetsAServerHello() throws Exception {
        server = new TestServer(directory, ClientAuth.WANT);
        byte[] tls12 = exchangeRawHello(0x03);
        assertEquals(0x16, tls12[0] & 0xff, "TLS 1.2 hello: a handshake record comes back");
        assertEquals(0x02, tls12[5] & 0xff, "... holding a ServerHello");

        byte[] tls11 = exchangeRawHello(0x02);
        assertEquals(0x15, tls11[0] & 0xff, "TLS 1.1 hello: an alert record comes back");
        assertEquals(2, tls11[5] & 0xff, "fatal");
        assertEquals(70, tls11[6] & 0xff, "protocol_version");
    }

    @Test
    void clientWithoutCertificateIsRefusedWhenOneIsRequired() throws Exception {
        server = new TestServer(directory, ClientAuth.NEED);
        assertThrows(IOException.class, () -> server.get(server.anonymousClient(), "/health"));
        KeyPair keys = TestCa.ecKeyPair();
        X509Certificate certificate = server.pki.ca.issueClient("0123456789U010001", keys.getPublic());
        assertEquals(200, server.get(server.clientWith(keys, certificate), "/health").statusCode());
    }

    @Test
    void certificateFromAnotherCaIsRefusedInTheHandshake() {
        server = new TestServer(directory, ClientAuth.NEED);
        KeyPair keys = TestCa.ecKeyPair();
        X509Certificate stranger = TestCa.create("Other CA").issueClient("0123456789U010001", keys.getPublic());
        assertThrows(IOException.class, () -> server.get(server.clientWith(keys, stranger), "/health"));
    }

    @Test
    void clientWithoutCertificateIsServedWhenOneIsOnlyWanted() throws Exception {
        server = new TestServer(directory, ClientAuth.WANT);
        assertEquals(200, server.get(server.anonymousClient(), "/health").statusCode());
    }

    /**
     * Sends a hand-made ClientHello offering only {@code 3.minor} (no supported_versions
     * extension, so no TLS 1.3) and returns the first 7 bytes the server answers.
     */
    private byte[] exchangeRawHello(int minor) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String suites = "c02b" + "c02f" + "c009" + "c013" + "002f";
        String extensions = "000a00040002" + "0017" // supported_groups: secp256r1
                + "000b00020100" // ec_point_formats: uncompressed
                + "000d000a0008" + "0403" + "0804" + "0401" + "0203"; // signature_algorithms
        String body = "03" + String.format("%02x", minor) + HexFormat.of().formatHex(random) + "00"
                + String.format("%04x", suites.length() / 2) + suites + "0100"
                + String.format("%04x", extensions.length() / 2) + extensions;
        String handshake = "01" + String.format("%06x", body.length() / 2) + body;
        String record = "160301" + String.format("%04x", handshake.length() / 2) + handshake;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(HexFormat.of().parseHex(record));
            out.flush();
            byte[] answer = new byte[7];
            new DataInputStream(socket.getInputStream()).readFully(answer);
            return answer;
        }
    }
}

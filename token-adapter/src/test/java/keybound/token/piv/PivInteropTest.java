package keybound.token.piv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.Map;
import keybound.cardsim.ManufacturerCa;
import keybound.cardsim.SimulatedCard;
import keybound.testkit.pcsc.VirtualReader;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import keybound.token.Secret;
import keybound.token.Token;
import keybound.token.TokenSelector;
import keybound.token.TokenSession;
import keybound.token.bc.TokenContentSigner;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * keybound's card in a real pcscd (vpcd reader), driven by the PIV middleware others use: OpenSC's
 * PKCS#11 module through pkcs11-tool, opensc-tool, and Yubico's yubico-piv-tool. None of these
 * tests skip: a missing tool or daemon fails them.
 */
class PivInteropTest {

    private static final String OPENSC = "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so";
    private static final ManufacturerCa MAKER = ManufacturerCa.create("keybound PIV interop maker");

    private final SimulatedCard card = SimulatedCard.personalised(MAKER);
    private final VirtualReader reader = VirtualReader.insert(card.simulator());
    private final String readerName = reader.terminal().getName();

    @TempDir
    Path dir;

    @AfterEach
    void takeTheCardOut() {
        reader.close();
    }

    @Test
    void openscListsTheCertificateAndKeyAndSignsWhatOpensslVerifies() throws Exception {
        X509Certificate certificate = enrolSelfSigned("CN=OpenSC Interop");
        Path pem = write("card.pem", pem(certificate));

        String publicObjects = Tool.run("pkcs11-tool", "--module", OPENSC, "--list-objects").ok();
        assertTrue(publicObjects.contains("subject:    DN: CN=OpenSC Interop"), publicObjects);
        assertTrue(publicObjects.contains("Public Key Object; EC"), publicObjects);
        String privateObjects = Tool.run("pkcs11-tool", "--module", OPENSC, "--login", "--pin", SimulatedCard.PIN,
                "--list-objects", "--type", "privkey").ok();
        assertTrue(privateObjects.contains("Private Key Object; EC"), privateObjects);
        assertTrue(privateObjects.contains("ID:         01"), privateObjects); // OpenSC's id for slot 9A

        Path message = write("message.txt", "a logon challenge from the bank");
        Path signature = dir.resolve("signature.der");
        Tool.run("pkcs11-tool", "--module", OPENSC, "--login", "--pin", SimulatedCard.PIN, "--sign",
                "--mechanism", "ECDSA-SHA256", "--id", "01", "--signature-format", "openssl",
                "--input-file", message.toString(), "--output-file", signature.toString()).ok();
        Path publicKey = write("public.pem", Tool.run("openssl", "x509", "-in", pem.toString(), "-pubkey", "-noout").ok());
        String verified = Tool.run("openssl", "dgst", "-sha256", "-verify", publicKey.toString(),
                "-signature", signature.toString(), message.toString()).ok();
        assertTrue(verified.contains("Verified OK"), verified);
        Files.writeString(message, "a different challenge");
        assertNotEquals(0, Tool.run("openssl", "dgst", "-sha256", "-verify", publicKey.toString(),
                "-signature", signature.toString(), message.toString()).exit());
    }

    /**
     * The browser's path without a browser: OpenSSL's TLS client with the key on the card through
     * OpenSC (the pkcs11 engine), against a TLS server on loopback that demands a client
     * certificate; the server sees the card's certificate, and the handshake's signature (made on
     * the card) verified.
     */
    @Test
    void opensslLogsOnByMutualTlsWithTheCardsKeyThroughOpensc() throws Exception {
        X509Certificate certificate = enrolSelfSigned("CN=TLS Client On Card");
        Path clientCertificate = write("client.pem", pem(certificate));
        try (var server = LoopbackTlsServer.start(certificate)) {
            Path serverCertificate = write("server.pem", pem(server.certificate()));
            Path config = write("openssl.cnf", String.join("\n",
                    "openssl_conf = init", "[init]", "engines = engines", "[engines]", "pkcs11 = pkcs11",
                    "[pkcs11]", "engine_id = pkcs11", "MODULE_PATH = " + OPENSC, "init = 0", ""));
            Tool client = Tool.run(Map.of("OPENSSL_CONF", config.toString()), "hello bank\n",
                    "openssl", "s_client", "-connect", "127.0.0.1:" + server.port(), "-quiet", "-verify_return_error",
                    "-CAfile", serverCertificate.toString(), "-cert", clientCertificate.toString(),
                    "-engine", "pkcs11", "-keyform", "engine",
                    "-key", "pkcs11:type=private;object=PIV%20AUTH%20key;pin-value=" + SimulatedCard.PIN);
            assertTrue(client.output().contains("welcome CN=TLS Client On Card"), client.output());
            assertEquals(certificate, server.clientCertificate().orElseThrow());
        }
    }

    @Test
    void aWrongPinThroughOpenscCostsOneTryAndSaysHowManyAreLeft() {
        enrolSelfSigned("CN=Wrong PIN");
        String refused = Tool.run("pkcs11-tool", "--module", OPENSC, "--login", "--pin", "999999", "--list-objects").output();
        assertTrue(refused.contains("CKR_PIN_INCORRECT"), refused);
        // opensc-tool sends the PIV status query (VERIFY without data) through OpenSC's reader layer
        String state = Tool.run("opensc-tool", "--reader", "0", "--send-apdu", "00A4040009A00000030800001000",
                "--send-apdu", "0020008000").output();
        assertTrue(state.contains("SW1=0x63, SW2=0xC2"), state);
        Tool.run("pkcs11-tool", "--module", OPENSC, "--login", "--pin", "999998", "--list-objects");
        String flags = Tool.run("pkcs11-tool", "--module", OPENSC, "--list-token-slots").ok();
        assertTrue(flags.contains("final user PIN try"), flags);
        try (var source = PivTokenSource.pcsc(ManagementKey.FACTORY_DEFAULT);
             Secret pin = Secret.of(SimulatedCard.PIN);
             TokenSession session = source.token(TokenSelector.serial(card.serial())).open(pin)) {
            assertEquals(3, session.token().pinState().triesLeft()); // the right PIN restores the count
        }
    }

    @Test
    void yubicoPivToolReadsStatusGeneratesAttestsAndVerifiesThePin() throws Exception {
        String status = Tool.run("yubico-piv-tool", "--reader", readerName, "--action", "status").ok();
        assertTrue(status.contains("Version:\t5.7.0"), status);
        assertTrue(status.contains("PIN tries left:\t3"), status);
        String serialHex = HexFormat.of().formatHex(card.serial().getBytes(StandardCharsets.US_ASCII));
        assertTrue(status.contains("CHUID:\t") && status.contains("3410" + serialHex), status);

        String wrong = Tool.run("yubico-piv-tool", "--reader", readerName, "--action", "verify-pin", "--pin", "999999").output();
        assertTrue(wrong.contains("2 tries left"), wrong);
        assertTrue(Tool.run("yubico-piv-tool", "--reader", readerName, "--action", "verify-pin",
                "--pin", SimulatedCard.PIN).ok().contains("Successfully verified PIN"));

        Path publicKey = dir.resolve("9c.pem");
        Tool.run("yubico-piv-tool", "--reader", readerName, "--action", "generate", "--slot", "9c",
                "--algorithm", "ECCP256", "--output", publicKey.toString()).ok();
        Path attestation = dir.resolve("9c-attestation.pem");
        Tool.run("yubico-piv-tool", "--reader", readerName, "--action", "attest", "--slot", "9c",
                "--output", attestation.toString()).ok();

        X509Certificate attested = parse(Files.readAllBytes(attestation));
        attested.verify(card.attestationCertificate().getPublicKey());
        card.attestationCertificate().verify(MAKER.certificate().getPublicKey());
        String generated = Files.readString(publicKey).replaceAll("-----[A-Z ]+-----|\\s", "");
        assertArrayEquals(Base64.getDecoder().decode(generated), attested.getPublicKey().getEncoded());
    }

    /** Through keybound's own PIV client: a key in 9A with a certificate it signed itself. */
    private X509Certificate enrolSelfSigned(String subject) {
        try (var source = PivTokenSource.pcsc(ManagementKey.FACTORY_DEFAULT);
             Secret pin = Secret.of(SimulatedCard.PIN)) {
            Token token = source.token(TokenSelector.serial(card.serial()));
            try (TokenSession session = token.open(pin)) {
                KeyRef key = session.generateKeyPair(KeyAlgorithm.EC_P256, "interop");
                assertEquals("9a", key.id());
                var name = new X500Name(subject);
                Instant now = Instant.now();
                var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                        Date.from(now.minus(1, ChronoUnit.HOURS)), Date.from(now.plus(1, ChronoUnit.DAYS)), name,
                        session.publicKey(key));
                X509Certificate certificate = new JcaX509CertificateConverter()
                        .getCertificate(builder.build(new TokenContentSigner(session, key)));
                session.storeCertificate(key, certificate);
                return certificate;
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot enrol the card", e);
        }
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private static String pem(X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    private static X509Certificate parse(byte[] encoded) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(encoded));
    }
}

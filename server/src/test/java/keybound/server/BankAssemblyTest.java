package keybound.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import keybound.bankapi.BankApi;
import keybound.bankapi.client.BackOfficeClient;
import keybound.bankapi.client.BankApiException;
import keybound.bankapi.client.BankClient;
import keybound.bankapi.client.BankSettings;
import keybound.credentials.HashParameters;
import keybound.credentials.SecretHasher;
import keybound.server.wiring.BankAssembly;
import keybound.server.wiring.CaCreation;
import keybound.testkit.keys.SoftwareKeys;
import keybound.token.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bank as {@code keybound server} assembles it from a configuration file, and its refusals, each naming the key. */
class BankAssemblyTest {

    @TempDir
    Path directory;

    @AfterEach
    void restoreTlsEcdsa() {
        TlsEcdsa.useBouncyCastle(); // the servers in this JVM's other tests run with the default, tls.ecdsa=bc
    }

    @Test
    void badConfigurationNamesTheKeyNotTheValue() throws Exception {
        Path file = Files.writeString(directory.resolve("server.properties"),
                "tls.keystore.path=/k.p12\ntls.keystore.password=pw\ntls.client-auth=none\nlisten.port=hunter2\n");
        var refused = assertThrows(ConfigException.class, () -> BankAssembly.of(file, Map.of(), Clock.systemUTC()));
        assertTrue(refused.getMessage().contains("listen.port"));
        assertFalse(refused.getMessage().contains("hunter2"));
    }

    @Test
    void missingCaSettingsAreRefusedBeforeAnythingBinds() throws Exception {
        Path file = Files.writeString(directory.resolve("server.properties"),
                "tls.keystore.path=/k.p12\ntls.keystore.password=pw\ntls.client-auth=none\n");
        try (var bank = BankAssembly.of(file, Map.of(BankAssembly.CARD_SEALING_KEY, SEALING_KEY), Clock.systemUTC())) {
            var refused = assertThrows(ConfigException.class, bank::serve);
            assertTrue(refused.getMessage().contains("ca.module"), refused.getMessage());
        }
    }

    @Test
    void caPinOnlyFromTheEnvironment() throws Exception {
        // A PIN in the file is not a setting: the file is refused, naming the key, never the value.
        Path withPin = Files.writeString(directory.resolve("pin.properties"), "data.dir=data\nca.pin=" + CA_PIN + "\n");
        var inFile = assertThrows(ConfigException.class, () -> BankAssembly.of(withPin, Map.of(), Clock.systemUTC()));
        assertEquals("ca.pin", inFile.key());
        assertFalse(inFile.getMessage().contains(CA_PIN), inFile.getMessage());

        Path file = devBank("");
        try (var bank = BankAssembly.of(file, Map.of(BankAssembly.CARD_SEALING_KEY, SEALING_KEY,
                "KEYBOUND_TLS_KEYSTORE_PASSWORD", "store-pass"), Clock.systemUTC())) {
            var refused = assertThrows(ConfigException.class, bank::serve);
            assertTrue(refused.getMessage().contains(BankAssembly.CA_PIN), refused.getMessage());
        }
    }

    @Test
    void caPinFromAFileOnlyItsOwnerCanRead() throws Exception {
        Path pin = Files.writeString(directory.resolve("ca.pin"), CA_PIN + "\n");
        Files.setPosixFilePermissions(pin, PosixFilePermissions.fromString("rw-------"));
        Path file = devBank("ca.pin-file=" + pin);
        Map<String, String> noPin = Map.of(BankAssembly.CARD_SEALING_KEY, SEALING_KEY, "KEYBOUND_TLS_KEYSTORE_PASSWORD", "store-pass");
        try (var bank = BankAssembly.of(file, noPin, Clock.systemUTC())) {
            bank.serve();
            assertEquals(2, bank.certificateAuthority().chain().size(), "the CA opened with the file's PIN (a line end is not part of it)");
        }

        Files.setPosixFilePermissions(pin, PosixFilePermissions.fromString("rw-r--r--"));
        try (var bank = BankAssembly.of(file, noPin, Clock.systemUTC())) {
            var readable = assertThrows(ConfigException.class, bank::serve);
            assertEquals("ca.pin-file", readable.key());
            assertTrue(readable.getMessage().contains("chmod 600"), readable.getMessage());
            assertFalse(readable.getMessage().contains(CA_PIN), readable.getMessage());
        }

        Files.writeString(pin, "x".repeat(257));
        Files.setPosixFilePermissions(pin, PosixFilePermissions.fromString("rw-------"));
        try (var bank = BankAssembly.of(file, noPin, Clock.systemUTC())) {
            var tooLong = assertThrows(ConfigException.class, bank::serve);
            assertTrue(tooLong.getMessage().contains("larger than 256 bytes"), tooLong.getMessage());
        }
    }

    @Test
    void theCaIsCreatedOnceAsATwoTierChain() throws Exception {
        Path file = devBank("");
        try (var bank = BankAssembly.of(file, environment(), Clock.systemUTC())) {
            X509Certificate root = bank.certificateAuthority().chain().get(1);
            X509Certificate issuing = bank.certificateAuthority().chain().get(0);
            root.verify(root.getPublicKey());
            issuing.verify(root.getPublicKey());
            assertEquals(0, issuing.getBasicConstraints());
            assertEquals(1, root.getBasicConstraints());
            assertEquals("CN=Config Test Issuing CA,O=Config Test,C=JP", issuing.getSubjectX500Principal().getName());
            assertThrows(IllegalStateException.class, () -> bank.createCa("Config Test"), "the bank keeps one CA");
        }
    }

    @Test
    void tlsEcdsaIsApplied() throws Exception {
        Path file = devBank("tls.ecdsa=jdk");
        try (var bank = BankAssembly.of(file, environment(), Clock.systemUTC())) {
            bank.serve();
            assertFalse(TlsEcdsa.bouncyCastleInUse());
        }
        try (var bank = BankAssembly.of(devBank("tls.ecdsa=bc"), environment(), Clock.systemUTC())) {
            bank.serve();
            assertTrue(TlsEcdsa.bouncyCastleInUse());
        }
        try (var bank = BankAssembly.of(devBank("tls.ecdsa=fast"), environment(), Clock.systemUTC())) {
            assertTrue(assertThrows(ConfigException.class, bank::serve).getMessage().contains("tls.ecdsa"));
        }
    }

    @Test
    void anOperatorVerifierTheBankCannotCheckStopsTheStart() throws Exception {
        var encoder = Base64.getEncoder().withoutPadding();
        String otherKeys = "$hmac-sha256$k=secret-verifier-1$" + encoder.encodeToString(new byte[16]) + "$"
                + encoder.encodeToString(new byte[32]);
        for (String verifier : new String[] {otherKeys, "not-a-verifier"}) {
            try (var bank = BankAssembly.of(devBank("backoffice.operator-key-hashes=" + verifier), environment(), Clock.systemUTC())) {
                var refused = assertThrows(ConfigException.class, bank::serve);
                assertTrue(refused.getMessage().contains("backoffice.operator-key-hashes"), refused.getMessage());
                assertFalse(refused.getMessage().contains(verifier), "the value is not repeated: " + refused.getMessage());
            }
        }
    }

    @Test
    void runsARealBankFromItsConfiguration() throws Exception {
        Path file = devBank("");
        Map<String, String> environment = environment();
        try (Running bank = started(file, environment)) {
            // The server's certificate was issued at start-up by the bank CA, for 127.0.0.1.
            BankClient client = BankClient.connect(settings(bank), Optional.empty());
            assertTrue(client.healthy());
            assertEquals(bank.backend().issuer().caChain(), client.caChain());
            BankApi.OpenedContract contract;
            try (BackOfficeClient operator = client.backOffice(Secret.of(OPERATOR_KEY))) {
                operator.registerBank("0042", "Config Shinkin", "NONE");
                contract = operator.openContract("0042", Optional.empty());
            }
            KeyPair keys = SoftwareKeys.ec();
            BankApi.IssuedCertificate issued = client.acquireAdministrator(new BankApi.AdministratorAcquisition(
                    contract.contractId(), contract.contractPin(), contract.confirmationPin(),
                    BankClient.base64(SoftwareKeys.csr(keys)), new BankApi.TokenDescription("PKCS11", "test", "1"), null));
            assertEquals(contract.contractId() + "0042", issued.commonName());
            // lockout.limit=2 from the file: the second wrong card answer locks (the right イ does not clear the count).
            BankClient admin = BankClient.connect(settings(bank), Optional.of(SoftwareKeys.keyManager(keys, BankClient.certificate(issued))));
            for (String expected : new String[] {"credentials-rejected", "account-locked"}) {
                String attempt = admin.logonWithCertificate().attempt();
                var refused = assertThrows(BankApiException.class,
                        () -> admin.completeWithCard(attempt, contract.contractPin().copy(), Secret.of("0000")));
                assertEquals(expected, refused.code());
            }
        }
        assertTrue(Files.exists(directory.resolve("data").resolve("server-tls.p12")));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(directory.resolve("data").resolve("server-tls.p12"))), "the TLS key store is the owner's only");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("data"))));
    }

    @Test
    void certificatesAreIssuedForTheConfiguredValidity() throws Exception {
        Path file = devBank("certificate.validity-days=7\ncertificate.renewal-lead-days=2");
        Map<String, String> environment = environment();
        try (Running bank = started(file, environment)) {
            assertEquals(Duration.ofDays(7), bank.backend().issuerConfig().certificateValidity());
            assertEquals(Duration.ofDays(2), bank.backend().issuerConfig().renewalLead());
            BankClient client = BankClient.connect(settings(bank), Optional.empty());
            BankApi.OpenedContract contract;
            try (BackOfficeClient operator = client.backOffice(Secret.of(OPERATOR_KEY))) {
                operator.registerBank("0042", "Config Shinkin", "NONE");
                contract = operator.openContract("0042", Optional.empty());
            }
            X509Certificate issued = BankClient.certificate(client.acquireAdministrator(
                    new BankApi.AdministratorAcquisition(contract.contractId(), contract.contractPin().copy(),
                            contract.confirmationPin().copy(), BankClient.base64(SoftwareKeys.csr(SoftwareKeys.ec())),
                            new BankApi.TokenDescription("PKCS11", "test", "1"), null)));
            // Read from the certificate the bank handed out, not from the configuration.
            assertEquals(Duration.ofDays(7),
                    Duration.between(issued.getNotBefore().toInstant(), issued.getNotAfter().toInstant()));
        }
    }

    @Test
    void sessionsSurviveARestartInTheRegistryDatabase() throws Exception {
        Path file = devBank("");
        Map<String, String> environment = environment();
        KeyPair keys = SoftwareKeys.ec();
        String session;
        X509Certificate certificate;
        try (Running bank = started(file, environment)) {
            BankClient client = BankClient.connect(settings(bank), Optional.empty());
            BankApi.OpenedContract contract;
            try (BackOfficeClient operator = client.backOffice(Secret.of(OPERATOR_KEY))) {
                operator.registerBank("0042", "Config Shinkin", "NONE");
                contract = operator.openContract("0042", Optional.empty());
            }
            certificate = BankClient.certificate(client.acquireAdministrator(new BankApi.AdministratorAcquisition(
                    contract.contractId(), contract.contractPin(), contract.confirmationPin(),
                    BankClient.base64(SoftwareKeys.csr(keys)), new BankApi.TokenDescription("PKCS11", "test", "1"), null)));
            BankClient admin = BankClient.connect(settings(bank), Optional.of(SoftwareKeys.keyManager(keys, certificate)));
            BankApi.SecondStep step = admin.logonWithCertificate();
            session = admin.completeWithCard(step.attempt(), contract.contractPin(),
                    BankStoryTest.cardDigits(contract.card(), step.cardCells())).session();
        }
        try (Running bank = started(file, environment)) {
            BankClient admin = BankClient.connect(settings(bank), Optional.of(SoftwareKeys.keyManager(keys, certificate)));
            assertEquals("administrator", admin.session(session).account().kind());
            admin.logoff(session);
            assertEquals("session-invalid", assertThrows(
                    BankApiException.class, () -> admin.session(session)).code());
        }
    }

    /** A bank opened and serving, as {@code keybound server} runs it. */
    private record Running(BankAssembly backend, BankServer server) implements AutoCloseable {
        @Override
        public void close() {
            backend.close();
        }
    }

    private static Running started(Path file, Map<String, String> environment) {
        var bank = BankAssembly.of(file, environment, Clock.systemUTC());
        return new Running(bank, bank.serve());
    }

    private static Map<String, String> environment() {
        return Map.of(BankAssembly.CA_PIN, CA_PIN, BankAssembly.CARD_SEALING_KEY, SEALING_KEY,
                "KEYBOUND_TLS_KEYSTORE_PASSWORD", "store-pass");
    }

    private static final String CA_PIN = "ca-pin-1234";
    private static final String SEALING_KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String OPERATOR_KEY = "config-test-operator-key";

    /** A configuration naming a development CA (PKCS#12), made by {@link CaCreation} as {@code keybound bank create-ca} makes it. */
    private Path devBank(String extra) throws Exception {
        Path data = directory.resolve("data");
        Path caFile = directory.resolve("dev-ca.p12");
        String hash;
        try (Secret key = Secret.of(OPERATOR_KEY)) {
            hash = new SecretHasher(HashParameters.testing()).hash(key);
        }
        Path file = Files.writeString(directory.resolve("bank.properties"), String.join("\n", "listen.port=0",
                "data.dir=" + data, "tls.auto=true", "ca.dev-pkcs12=" + caFile, "lockout.limit=2",
                "secrets.hash.memory-kib=64", "secrets.hash.iterations=1", "secrets.hash.parallelism=1",
                "backoffice.operator-key-hashes=" + hash, extra));
        if (!CaCreation.exists(data.resolve("ca"))) {
            try (var bank = BankAssembly.of(file, environment(), Clock.systemUTC())) {
                bank.createCa("Config Test");
            }
        }
        return file;
    }

    /** The running bank's address and CA chain, as a client is given them. */
    private static BankSettings settings(Running bank) {
        return new BankSettings(URI.create(bank.server().origin() + "/"), bank.backend().issuer().caChain());
    }
}

package keybound.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.net.URI;
import java.security.KeyPair;
import java.time.Clock;
import java.util.Base64;
import keybound.credentials.HashParameters;
import keybound.credentials.SecretHasher;
import keybound.issuer.tools.CreateCa;
import keybound.bankapi.client.BackOfficeClient;
import keybound.bankapi.BankApi;
import keybound.bankapi.client.BankApiException;
import keybound.bankapi.client.BankClient;
import keybound.bankapi.client.BankSettings;
import keybound.server.issuer.IssuerBackend;
import keybound.token.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process entry's refusals, each with its exit code and a one-line reason. */
class ServerMainTest {

    @TempDir
    Path directory;

    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errors, true, StandardCharsets.UTF_8);

    private String errors() {
        return errors.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noConfigurationIsUsage() throws Exception {
        assertEquals(ServerMain.USAGE, ServerMain.run(new String[0], Map.of(), err));
        assertTrue(errors().startsWith("usage:"));
    }

    @Test
    void badConfigurationNamesTheKeyNotTheValue() throws Exception {
        Path file = Files.writeString(directory.resolve("server.properties"),
                "tls.keystore.path=/k.p12\ntls.keystore.password=pw\ntls.client-auth=none\nlisten.port=hunter2\n");
        assertEquals(ServerMain.USAGE, ServerMain.run(new String[] {file.toString()}, Map.of(), err));
        assertTrue(errors().contains("listen.port"));
        assertFalse(errors().contains("hunter2"));
    }

    @Test
    void missingCaSettingsAreRefusedBeforeAnythingBinds() throws Exception {
        Path file = Files.writeString(directory.resolve("server.properties"),
                "tls.keystore.path=/k.p12\ntls.keystore.password=pw\ntls.client-auth=none\n");
        assertEquals(ServerMain.USAGE, ServerMain.run(new String[0], Map.of("KEYBOUND_CONFIG", file.toString(),
                IssuerBackend.CARD_SEALING_KEY, SEALING_KEY), err));
        assertTrue(errors().contains("ca.module"), errors());
    }

    @Test
    void caPinOnlyFromTheEnvironment() throws Exception {
        Path file = devBank("ca.pin=" + CA_PIN + "\n");
        assertEquals(ServerMain.USAGE, ServerMain.run(new String[] {file.toString()},
                Map.of(IssuerBackend.CARD_SEALING_KEY, SEALING_KEY, "KEYBOUND_TLS_KEYSTORE_PASSWORD", "store-pass"), err));
        assertTrue(errors().contains(IssuerBackend.CA_PIN), errors());
    }

    @Test
    void runsARealBankFromItsConfiguration() throws Exception {
        Path file = devBank("");
        Map<String, String> environment = Map.of(IssuerBackend.CA_PIN, CA_PIN, IssuerBackend.CARD_SEALING_KEY, SEALING_KEY,
                "KEYBOUND_TLS_KEYSTORE_PASSWORD", "store-pass");
        try (ServerMain.Running bank = started(file, environment)) {
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
            // lockout.limit=2 from the file: the second wrong answer locks.
            BankClient admin = BankClient.connect(settings(bank), Optional.of(SoftwareKeys.keyManager(keys, BankClient.certificate(issued))));
            for (String expected : new String[] {"credentials-rejected", "account-locked"}) {
                String attempt = admin.logonWithCertificate().attempt();
                var refused = assertThrows(BankApiException.class,
                        () -> admin.completeWithCard(attempt, Secret.of("000000"), Secret.of("0000")));
                assertEquals(expected, refused.code());
            }
        }
        assertTrue(Files.exists(directory.resolve("data").resolve("server-tls.p12")));
    }

    @Test
    void certificatesAreIssuedForTheConfiguredValidity() throws Exception {
        Path file = devBank("certificate.validity-days=7\ncertificate.renewal-lead-days=2");
        Map<String, String> environment = Map.of(IssuerBackend.CA_PIN, CA_PIN, IssuerBackend.CARD_SEALING_KEY, SEALING_KEY,
                "KEYBOUND_TLS_KEYSTORE_PASSWORD", "store-pass");
        try (ServerMain.Running bank = started(file, environment)) {
            assertEquals(java.time.Duration.ofDays(7), bank.backend().config().certificateValidity());
            assertEquals(java.time.Duration.ofDays(2), bank.backend().config().renewalLead());
            BankClient client = BankClient.connect(settings(bank), Optional.empty());
            BankApi.OpenedContract contract;
            try (BackOfficeClient operator = client.backOffice(Secret.of(OPERATOR_KEY))) {
                operator.registerBank("0042", "Config Shinkin", "NONE");
                contract = operator.openContract("0042", Optional.empty());
            }
            java.security.cert.X509Certificate issued = BankClient.certificate(client.acquireAdministrator(
                    new BankApi.AdministratorAcquisition(contract.contractId(), contract.contractPin(),
                            contract.confirmationPin(), BankClient.base64(SoftwareKeys.csr(SoftwareKeys.ec())),
                            new BankApi.TokenDescription("PKCS11", "test", "1"), null)));
            // Read from the certificate the bank handed out, not from the configuration.
            assertEquals(java.time.Duration.ofDays(7),
                    java.time.Duration.between(issued.getNotBefore().toInstant(), issued.getNotAfter().toInstant()));
        }
    }

    @Test
    void sessionsSurviveARestartInTheRegistryDatabase() throws Exception {
        Path file = devBank("");
        Map<String, String> environment = Map.of(IssuerBackend.CA_PIN, CA_PIN, IssuerBackend.CARD_SEALING_KEY, SEALING_KEY,
                "KEYBOUND_TLS_KEYSTORE_PASSWORD", "store-pass");
        KeyPair keys = SoftwareKeys.ec();
        String session;
        java.security.cert.X509Certificate certificate;
        try (ServerMain.Running bank = started(file, environment)) {
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
        try (ServerMain.Running bank = started(file, environment)) {
            BankClient admin = BankClient.connect(settings(bank), Optional.of(SoftwareKeys.keyManager(keys, certificate)));
            assertEquals("administrator", admin.session(session).account().kind());
            admin.logoff(session);
            assertEquals("session-invalid", assertThrows(
                    BankApiException.class, () -> admin.session(session)).code());
        }
    }

    private ServerMain.Running started(Path file, Map<String, String> environment) {
        try {
            return ServerMain.start(new String[] {file.toString()}, environment, err);
        } catch (ServerMain.StartFailure e) {
            throw new AssertionError("did not start: " + errors());
        }
    }

    private static final String CA_PIN = "ca-pin-1234";
    private static final String SEALING_KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String OPERATOR_KEY = "config-test-operator-key";

    /** A development CA (PKCS#12) made by the issuer's CreateCa, and a configuration naming it. */
    private Path devBank(String extra) throws Exception {
        Path data = directory.resolve("data");
        Path caFile = directory.resolve("dev-ca.p12");
        assertEquals(0, CreateCa.run(new String[] {"--dev-pkcs12", caFile.toString(), "--root", "CN=Config Test Root",
                "--issuing", "CN=Config Test Issuing", "--out", data.resolve("ca").toString()}, CA_PIN.toCharArray(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Clock.systemUTC()));
        String hash;
        try (Secret key = Secret.of(OPERATOR_KEY)) {
            hash = new SecretHasher(HashParameters.testing()).hash(key);
        }
        return Files.writeString(directory.resolve("bank.properties"), String.join("\n", "listen.port=0",
                "data.dir=" + data, "tls.auto=true", "ca.dev-pkcs12=" + caFile, "lockout.limit=2",
                "secrets.hash.memory-kib=64", "secrets.hash.iterations=1", "secrets.hash.parallelism=1",
                "backoffice.operator-key-hashes=" + hash, extra));
    }

    /** The running bank's address and CA chain, as a client is given them. */
    private static BankSettings settings(ServerMain.Running bank) {
        return new BankSettings(URI.create(bank.server().origin() + "/"), bank.backend().issuer().caChain());
    }
}

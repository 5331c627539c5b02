package keybound.cli.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import keybound.cli.CliRun;
import keybound.cli.ExitCode;
import keybound.credentials.HashParameters;
import keybound.token.Secret;
import keybound.credentials.SecretHasher;
import keybound.issuer.store.Database;
import keybound.testkit.softhsm.SoftHsmEnvironment;
import keybound.testkit.softhsm.SoftHsmExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keybound bank ...} and {@code keybound server} in-process: the CA key on a real SoftHSM
 * token, the registry in H2 under a temporary directory, the server on a real TLS socket.
 */
@ExtendWith(SoftHsmExtension.class)
class BankCommandTest {

    private static final String CA_PIN = "ca-pin-4321";

    @TempDir
    Path directory;

    private Path config;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void createCaToken(SoftHsmEnvironment softhsm) throws Exception {
        String label = "bank-ca-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
        CliRun.run(Map.of("KEYBOUND_SO_PIN", "so-12345678", "KEYBOUND_TOKEN_PIN", CA_PIN),
                "token", "init", "--module", softhsm.module().toString(), label).expect(ExitCode.OK);
        config = Files.writeString(directory.resolve("bank.properties"), String.join("\n",
                "data.dir=" + directory.resolve("data"), "ca.module=" + softhsm.module(), "ca.token-label=" + label,
                "secrets.hash.memory-kib=64", "secrets.hash.iterations=1", "secrets.hash.parallelism=1",
                "listen.port=0", "tls.keystore.path=" + directory.resolve("server.p12"),
                "tls.truststore.path=" + directory.resolve("bank-ca.p12"), ""));
        env.put("KEYBOUND_CA_PIN", CA_PIN);
        env.put("KEYBOUND_TLS_KEYSTORE_PASSWORD", "store-pass-1");
        env.put("KEYBOUND_TLS_TRUSTSTORE_PASSWORD", "store-pass-1");
        byte[] sealing = new byte[32];
        new SecureRandom().nextBytes(sealing);
        env.put("KEYBOUND_CARD_SEALING_KEY", Base64.getEncoder().encodeToString(sealing));
    }

    private CliRun bank(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "bank";
        all[1] = args[0];
        all[2] = "--config=" + config;
        System.arraycopy(args, 1, all, 3, args.length - 1);
        return CliRun.run(env, all);
    }

    @Test
    void theBackOfficeFromCaToCrlAndTheServerOnItsOwnCertificate() throws Exception {
        CliRun created = bank("create-ca").expect(ExitCode.OK);
        assertTrue(created.err().contains("generating the root and issuing CA keys"), "progress is shown: " + created.err());
        assertTrue(Files.readString(directory.resolve("data/ca/issuing.pem")).contains("BEGIN CERTIFICATE"));
        bank("create-ca").expectOneLineFailure(ExitCode.REFUSED);

        bank("register-bank", "0123", "Test Shinkin", "--attestation", "none").expect(ExitCode.OK);
        JsonNode contract = new ObjectMapper().readTree(bank("open-contract", "--bank", "0123", "--json").expect(ExitCode.OK).out());
        String a = contract.get("contractId").asText();
        assertTrue(a.matches("\\d{10}"), a);
        assertTrue(contract.get("contractPin").asText().matches("\\d{8}"));
        assertEquals(5, contract.get("card").size());

        CliRun human = bank("open-contract", "--bank", "0123").expect(ExitCode.OK);
        assertTrue(human.out().contains("customer card") && human.out().contains("keybound admin acquire"), human.out());
        bank("open-contract", "--bank", "9999").expectOneLineFailure(ExitCode.REFUSED);
        // Two contracts of three secrets each, verified with the HMAC key on the CA token.
        assertEquals("{\"secrets\":{\"secret-verifier-1\":6},\"operatorKeys\":{}}",
                bank("verifiers", "--json").expect(ExitCode.OK).out().strip());
        String versions = bank("verifiers").expect(ExitCode.OK).out();
        assertTrue(versions.lines().anyMatch(line -> line.strip().matches("secret-verifier-1\\s+6")), versions);

        assertTrue(bank("unlock", a).expect(ExitCode.OK).out().contains("was not locked"));
        assertEquals("[]", bank("certificates", a, "--json").expect(ExitCode.OK).out().strip());
        bank("revoke", "0badc0de").expectOneLineFailure(ExitCode.REFUSED);

        assertTrue(bank("audit-check").expect(ExitCode.OK).out().startsWith("Audit chain intact: "));

        Path crl = directory.resolve("bank.crl");
        assertTrue(bank("crl", "--out", crl.toString()).expect(ExitCode.OK).out().contains("0 revoked"));
        assertTrue(Files.readString(crl).startsWith("-----BEGIN X509 CRL-----"));

        bank("server-cert", "--keystore", directory.resolve("server.p12").toString(),
                "--truststore", directory.resolve("bank-ca.p12").toString()).expect(ExitCode.OK);
        CliRun served = CliRun.run(env, "server", "--config", config.toString(), "--check").expect(ExitCode.OK);
        assertTrue(served.out().contains("Health check: {\"status\":\"up\"}"), served.out());
    }

    @Test
    void resealMovesCardsSealedWithTheEnvironmentsKeyToTheTokenAfterWhichTheKeyIsNotNeeded() throws Exception {
        bank("register-bank", "0123", "Test Shinkin", "--attestation", "none").expect(ExitCode.OK);
        env.put("KEYBOUND_SEALING_KEY_LABEL", "env"); // as installations sealed before the token held the key
        bank("open-contract", "--bank", "0123").expect(ExitCode.OK);
        env.remove("KEYBOUND_SEALING_KEY_LABEL");

        String sealingKey = env.remove("KEYBOUND_CARD_SEALING_KEY");
        CliRun refused = bank("reseal").expectOneLineFailure(ExitCode.CONFIG);
        assertTrue(refused.err().contains("KEYBOUND_CARD_SEALING_KEY"), refused.err());
        env.put("KEYBOUND_CARD_SEALING_KEY", sealingKey);

        JsonNode moved = new ObjectMapper().readTree(bank("reseal", "--json").expect(ExitCode.OK).out());
        assertEquals(1, moved.get("resealed").asInt());
        assertEquals("{\"card-sealing-1\":1}", moved.get("versions").toString());

        env.remove("KEYBOUND_CARD_SEALING_KEY"); // a new installation, or one resealed: no key in the environment
        bank("open-contract", "--bank", "0123").expect(ExitCode.OK);
        String human = bank("reseal").expect(ExitCode.OK).out();
        assertTrue(human.startsWith("Sealed again under the current key: 0."), human);
        assertTrue(human.lines().anyMatch(line -> line.strip().matches("card-sealing-1\\s+2")), human);
    }

    @Test
    void auditCheckNamesTheFirstBrokenEntry() {
        bank("register-bank", "0123", "Test Shinkin", "--attestation", "none").expect(ExitCode.OK);
        bank("open-contract", "--bank", "0123").expect(ExitCode.OK);
        assertTrue(bank("audit-check", "--json").expect(ExitCode.OK).out().contains("\"intact\":true"));
        try (Database registry = Database.h2(directory.resolve("data"))) {
            registry.inTransaction(c -> c.createStatement().executeUpdate("UPDATE audit_entry SET detail = 'x' WHERE seq = 2"));
        }
        CliRun broken = bank("audit-check").expectOneLineFailure(ExitCode.FAILURE);
        assertTrue(broken.err().contains("broken at entry 2"), broken.err());
    }

    @Test
    void operatorKeyPrintsTheKeyOnceAndATokenKeyedVerifierThatTheVersionReportCounts() throws Exception {
        JsonNode made = new ObjectMapper().readTree(bank("operator-key", "--json").expect(ExitCode.OK).out());
        String key = made.get("operatorKey").asText();
        String verifier = made.get("hash").asText();
        assertEquals(32, key.length());
        assertTrue(verifier.startsWith("$hmac-sha256$k=secret-verifier-1$"), verifier);
        assertFalse(verifier.contains(key));
        String human = bank("operator-key").expect(ExitCode.OK).out();
        assertTrue(human.lines().anyMatch(line -> line.startsWith("backoffice.operator-key-hashes=$hmac-sha256$")), human);

        String oldHash;
        try (Secret typed = Secret.of("an-operator-key-from-before-token-keys")) {
            oldHash = new SecretHasher(HashParameters.testing()).hash(typed);
        }
        Files.writeString(config, "backoffice.operator-key-hashes=" + verifier + " " + oldHash + "\n", StandardOpenOption.APPEND);
        JsonNode versions = new ObjectMapper().readTree(bank("verifiers", "--json").expect(ExitCode.OK).out());
        assertEquals("{\"secret-verifier-1\":1,\"argon2id\":1}", versions.get("operatorKeys").toString());
        String table = bank("verifiers").expect(ExitCode.OK).out();
        assertTrue(table.lines().anyMatch(line -> line.strip().matches("argon2id\\s+1")), table);
    }

    @Test
    void missingConfigurationWrongCaPinAndNoCaEndInOneLine() {
        CliRun.run(Map.of(), "bank", "open-contract", "--bank", "0123").expectOneLineFailure(ExitCode.CONFIG);
        CliRun.run(Map.of(), "bank", "open-contract", "--bank", "0123", "--config", directory.resolve("nope.properties").toString())
                .expectOneLineFailure(ExitCode.CONFIG);
        bank("crl", "--out", directory.resolve("x.crl").toString()).expectOneLineFailure(ExitCode.CONFIG);
        env.remove("KEYBOUND_CARD_SEALING_KEY");
        env.put("KEYBOUND_SEALING_KEY_LABEL", "env"); // the environment's sealing key kept, but not given
        assertTrue(bank("register-bank", "0123", "No sealing key").expectOneLineFailure(ExitCode.CONFIG).err()
                .contains("KEYBOUND_CARD_SEALING_KEY"));
        env.remove("KEYBOUND_SEALING_KEY_LABEL");
        env.put("KEYBOUND_CA_PIN", "wrong-pin");
        CliRun wrong = bank("create-ca").expectOneLineFailure(ExitCode.WRONG_SECRET);
        assertFalse(wrong.err().contains("wrong-pin"));
        CliRun.run(Map.of(), "server", "--config", directory.resolve("nope.properties").toString())
                .expectOneLineFailure(ExitCode.CONFIG);
    }
}

package keybound.cli.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import keybound.cli.CliRun;
import keybound.cli.ExitCode;
import keybound.testkit.softhsm.SoftHsmEnvironment;
import keybound.testkit.softhsm.SoftHsmExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes' configuration files on one registry (H2 in a shared data directory, the CA on a real
 * SoftHSM token), through the real {@code keybound server --check} and {@code keybound bank config}:
 * the node whose file drifts is refused naming the key, until the operator adopts its values.
 */
@ExtendWith(SoftHsmExtension.class)
class SharedConfigCommandTest {

    private static final String CA_PIN = "ca-pin-8765";

    @TempDir
    Path directory;

    @Test
    void aDriftedNodeIsRefusedNamingTheKeyUntilTheOperatorAdoptsItsValues(SoftHsmEnvironment softhsm) throws Exception {
        String label = "shared-ca-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
        CliRun.run(Map.of("KEYBOUND_SO_PIN", "so-12345678", "KEYBOUND_TOKEN_PIN", CA_PIN),
                "token", "init", "--module", softhsm.module().toString(), label).expect(ExitCode.OK);
        String common = String.join("\n", "data.dir=" + directory.resolve("data"), "ca.module=" + softhsm.module(),
                "ca.token-label=" + label, "secrets.hash.memory-kib=64", "secrets.hash.iterations=1",
                "secrets.hash.parallelism=1", "listen.port=0", "tls.auto=true", "origin=https://bank.example", "");
        Path nodeA = Files.writeString(directory.resolve("a.properties"), common);
        Path nodeB = Files.writeString(directory.resolve("b.properties"), common + "contract.max-users=20\n");
        Map<String, String> env = new HashMap<>();
        env.put("KEYBOUND_CA_PIN", CA_PIN);
        env.put("KEYBOUND_TLS_KEYSTORE_PASSWORD", "store-pass-1");
        env.put("KEYBOUND_TLS_TRUSTSTORE_PASSWORD", "store-pass-1");
        byte[] sealing = new byte[32];
        new SecureRandom().nextBytes(sealing);
        env.put("KEYBOUND_CARD_SEALING_KEY", Base64.getEncoder().encodeToString(sealing));
        CliRun.run(env, "bank", "create-ca", "--config", nodeA.toString()).expect(ExitCode.OK);

        CliRun.run(env, "server", "--config", nodeA.toString(), "--check").expect(ExitCode.OK);
        var recorded = new ObjectMapper().readTree(
                CliRun.run(env, "bank", "config", "show", "--json", "--config", nodeA.toString()).expect(ExitCode.OK).out());
        assertEquals("99", recorded.get("contract.max-users").asText());
        assertEquals("https://bank.example", recorded.get("origin").asText());
        assertEquals(64, recorded.get("ca.certificate-sha256").asText().length());

        CliRun refused = CliRun.run(env, "server", "--config", nodeB.toString(), "--check").expectOneLineFailure(ExitCode.CONFIG);
        assertTrue(refused.err().contains("contract.max-users is 20 here but 99 for the bank"), refused.err());
        assertTrue(refused.err().contains("keybound bank config adopt"), refused.err());

        CliRun adopted = CliRun.run(env, "bank", "config", "adopt", "--config", nodeB.toString()).expect(ExitCode.OK);
        assertTrue(adopted.out().contains("contract.max-users"), adopted.out());
        CliRun.run(env, "server", "--config", nodeB.toString(), "--check").expect(ExitCode.OK);
        CliRun old = CliRun.run(env, "server", "--config", nodeA.toString(), "--check").expectOneLineFailure(ExitCode.CONFIG);
        assertTrue(old.err().contains("contract.max-users is 99 here but 20 for the bank"), old.err());
    }
}

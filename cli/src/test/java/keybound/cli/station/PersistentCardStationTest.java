package keybound.cli.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import keybound.cardsim.SimulatedCard;
import keybound.cli.CliProcess;
import keybound.cli.CliRun;
import keybound.cli.ExitCode;
import keybound.testkit.pcsc.Pcscd;
import keybound.testkit.pcsc.VirtualReader;
import keybound.testkit.softhsm.SoftHsmEnvironment;
import keybound.testkit.softhsm.SoftHsmExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keybound card simulate} across processes, through a real pcscd and vpcd: a user acquires
 * on the simulated card with {@code --card pcsc}, the simulator is stopped (SIGTERM) and started
 * again from its state file, and a new CLI process logs on with the key made before, finding the
 * bank and the card in the station profile.
 */
@ExtendWith(SoftHsmExtension.class)
class PersistentCardStationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Generous: pcscd polls vpcd, and a loaded machine delays it (not a speed target). */
    private static final Duration CARD_NOTICED = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    private OperatedBank bank;

    @BeforeEach
    void bank(SoftHsmEnvironment softhsm) throws Exception {
        Pcscd.ensureRunning(); // this JVM's turn at the machine's one virtual reader
        bank = new OperatedBank(directory, softhsm.module(), 5);
    }

    @AfterEach
    void close() {
        bank.close();
    }

    @Test
    void aKeyAcquiredOnTheSimulatedCardLogsOnAfterTheSimulatorRestarts() throws Exception {
        JsonNode user = JSON.readTree(bank.admin("admin", "users", "register", "U03", "--json").expect(ExitCode.OK).out());
        bank.admin("admin", "users", "issue-cert", "U03").expect(ExitCode.OK);
        String to = user.get("userPin").asText();
        Path state = directory.resolve("card.state");
        Map<String, String> env = Map.of("HOME", directory.resolve("home").toString());

        String serial;
        try (var simulator = CliProcess.start(directory, env, "card", "simulate", "--state", state.toString())) {
            serial = simulator.awaitLine("Simulated keybound card ").split(" ", -1)[3];
            VirtualReader.awaitCard(true, CARD_NOTICED);
            // user acquire reads: token PIN, A, ニ, ト, チ
            CliRun acquired = CliProcess.run(directory, env, String.join("\n", SimulatedCard.PIN, bank.contractId, "U03", to,
                    user.get("userConfirmationPin").asText(), ""), "user", "acquire", "--card", "pcsc",
                    "--bank", bank.user.get("KEYBOUND_BANK_URL"), "--bank-ca", bank.user.get("KEYBOUND_BANK_CA"));
            assertEquals(ExitCode.OK, acquired.code(), acquired.toString());
            assertTrue(acquired.out().contains("Next: keybound user logon"), acquired.out());
            simulator.stop();
        }
        VirtualReader.awaitCard(false, CARD_NOTICED); // taken out, as pcscd sees it, before it goes in again
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
        assertTrue(Files.readString(directory.resolve("home/.config/keybound/station.properties")).contains("token.serial=" + serial));

        try (var simulator = CliProcess.start(directory, env, "card", "simulate", "--state", state.toString())) {
            assertEquals(serial, simulator.awaitLine("Simulated keybound card ").split(" ", -1)[3], "the same card again");
            // pcscd notices the card in the restarted virtual reader on its next poll of vpcd: until
            // then a station would find no card
            VirtualReader.awaitCard(true, CARD_NOTICED);
            // user logon reads: token PIN, ト
            CliRun logon = CliProcess.run(directory, env, SimulatedCard.PIN + "\n" + to + "\n", "user", "logon");
            assertEquals(ExitCode.OK, logon.code(), logon.toString());
            assertTrue(logon.out().startsWith("Logged on: "), logon.out());
        }
    }

    @Test
    void aSingleCommandSimulatedCardDoesNotPromiseALaterLogon() throws Exception {
        JsonNode user = JSON.readTree(bank.admin("admin", "users", "register", "U04", "--json").expect(ExitCode.OK).out());
        bank.admin("admin", "users", "issue-cert", "U04").expect(ExitCode.OK);
        Map<String, String> env = new HashMap<>(bank.user);
        env.put("KEYBOUND_USER_ID", "U04");
        env.put("KEYBOUND_TOKEN_PIN", SimulatedCard.PIN);
        env.put("KEYBOUND_USER_PIN", user.get("userPin").asText());
        env.put("KEYBOUND_USER_CONFIRMATION_PIN", user.get("userConfirmationPin").asText());
        CliRun acquired = CliRun.run(env, "user", "acquire", "--card", "sim").expect(ExitCode.OK);
        assertTrue(!acquired.out().contains("Next: keybound user logon"), acquired.out());
        assertTrue(acquired.out().contains("keybound card simulate"), acquired.out());
    }
}

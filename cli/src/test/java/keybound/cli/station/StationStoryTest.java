package keybound.cli.station;

import static keybound.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import keybound.cli.CliRun;
import keybound.cli.ExitCode;
import keybound.cli.card.SimulatedCardReader;
import keybound.issuer.contract.OpenedContract;
import keybound.server.fixture.BankFixture;
import keybound.testkit.softhsm.SoftHsmEnvironment;
import keybound.testkit.softhsm.SoftHsmExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manual through the station commands only, in-process, against the bank's real HTTPS server:
 * admin acquire (SoftHSM) → admin logon (card OTP) → users register / issue-cert / list → user
 * acquire on the Java Card → user logon and status → migrate to a SoftHSM token → revoke.
 */
@ExtendWith(SoftHsmExtension.class)
class StationStoryTest {

    @TempDir
    Path directory;

    private BankFixture bank;
    private OpenedContract contract;
    private String module;
    private String suffix;
    private Map<String, String> admin;
    private Map<String, String> user;

    @BeforeEach
    void bank(SoftHsmEnvironment environment) throws Exception {
        module = environment.module().toString();
        suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt());
        bank = BankFixture.open(directory);
        contract = StationEnvironment.plainContract(bank);
        admin = StationEnvironment.administrator(bank, contract, directory, "admin-state", "111111");
        user = StationEnvironment.forContract(bank, contract, directory, "user-state");
        user.put("KEYBOUND_TOKEN_PIN", SimulatedCardReader.PIN);
    }

    @AfterEach
    void close() {
        bank.close();
    }

    @Test
    void theManualThroughTheStationCommands() throws Exception {
        List<String> adminToken = List.of("--module", module, "--token", StationEnvironment.initToken(module, "admin-" + suffix, "111111"));
        List<String> card = List.of("--card", "sim");
        String newLabel = StationEnvironment.initToken(module, "new-" + suffix, "222222");
        ObjectMapper json = new ObjectMapper();

        // I-2, after a wrong ロ
        admin.put("KEYBOUND_CONFIRMATION_PIN", "00000000");
        CliRun wrong = run(admin, adminToken, "admin", "acquire").expect(ExitCode.WRONG_SECRET);
        assertTrue(wrong.err().lines().filter(l -> l.startsWith("keybound: ")).count() == 1 && !wrong.err().contains("\tat "), wrong.err());
        admin.put("KEYBOUND_CONFIRMATION_PIN", contract.confirmationPin().withChars(String::new));
        CliRun acquired = run(admin, adminToken, "admin", "acquire").expect(ExitCode.OK);
        assertTrue(acquired.out().contains("CN = " + contract.contractId().value() + "0042"), acquired.out());
        run(admin, adminToken, "admin", "acquire").expectOneLineFailure(ExitCode.USAGE);

        // renewal opens 30 days before expiry: a fresh certificate is refused, and no key is left behind
        CliRun early = run(admin, adminToken, "renew", "--admin").expectFailureAfterProgress(ExitCode.REFUSED);
        assertTrue(early.err().contains("renewal-not-open"), early.err());
        CliRun info = CliRun.run(admin, "token", "info", "--credentials", "--module", module, "--token", "admin-" + suffix);
        assertEquals(1, info.expect(ExitCode.OK).out().lines().filter(l -> l.contains(" key ")).count(), info.out());

        // I-3
        run(admin, adminToken, "admin", "logon").expect(ExitCode.OK);
        var registered = json.readTree(run(admin, adminToken, "admin", "users", "register", "U01", "--json").expect(ExitCode.OK).out());
        run(admin, adminToken, "admin", "users", "issue-cert", "U01", "--days", "7").expect(ExitCode.OK);
        assertTrue(run(admin, adminToken, "admin", "users", "list").expect(ExitCode.OK).out().contains("U01"));

        // II-1 on the Java Card, II-2
        user.put("KEYBOUND_USER_ID", "U01");
        user.put("KEYBOUND_USER_PIN", registered.get("userPin").asText());
        user.put("KEYBOUND_USER_CONFIRMATION_PIN", registered.get("userConfirmationPin").asText());
        run(user, card, "user", "acquire", "--label", "bank-" + suffix).expect(ExitCode.OK);
        run(user, card, "user", "logon", "--key", "bank-" + suffix).expect(ExitCode.OK);
        assertTrue(run(user, card, "status").expect(ExitCode.OK).out().contains("user U01"));
        run(user, card, "user", "logoff").expect(ExitCode.OK);

        // migrating onto the token the certificate is on is refused before a key is made (no progress line)
        CliRun sameCard = run(user, card, "migrate", "--key", "bank-" + suffix, "--to-card", "sim").expectOneLineFailure(ExitCode.USAGE);
        assertTrue(sameCard.err().contains("is the one the certificate is on"), sameCard.err());
        CliRun sameToken = run(admin, adminToken, "migrate", "--admin", "--to-token", "admin-" + suffix, "--to-module", module)
                .expectOneLineFailure(ExitCode.USAGE);
        assertTrue(sameToken.err().contains("is the one the certificate is on"), sameToken.err());

        // migration: from the card to a SoftHSM token; the card's key is retired
        user.put("KEYBOUND_NEW_TOKEN_PIN", "222222");
        CliRun moved = run(user, card, "migrate", "--key", "bank-" + suffix, "--to-token", newLabel, "--to-module", module, "--json")
                .expect(ExitCode.OK);
        String retired = json.readTree(moved.out()).get("retired").asText();
        List<String> newToken = List.of("--module", module, "--token", newLabel);
        user.put("KEYBOUND_TOKEN_PIN", "222222");
        run(user, newToken, "user", "logon").expect(ExitCode.OK);
        assertEquals("SUPERSEDED", stateOf(retired));

        // the administrator revokes U01: the next logon is refused
        assertTrue(run(admin, adminToken, "admin", "users", "revoke", "U01").expect(ExitCode.OK).out().contains("Revoked"));
        run(user, newToken, "user", "logon").expectOneLineFailure(ExitCode.REFUSED);
        run(admin, adminToken, "admin", "logoff").expect(ExitCode.OK);
    }

    private String stateOf(String serial) {
        return bank.issuer().registry().certificates(contract.contractId()).stream().filter(r -> r.serial().equals(serial)).findFirst()
                .map(r -> bank.issuer().registry().state(r.certificate()).name()).orElse("unknown");
    }
}

package keybound.cli.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import keybound.cli.CliRun;
import keybound.cli.ExitCode;
import keybound.cli.bank.BankContext;
import keybound.cli.card.SimulatedCardReader;
import keybound.cli.demo.DemoBank;
import keybound.issuer.contract.Bank;
import keybound.issuer.contract.BankCode;
import keybound.issuer.contract.CardCell;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.policy.AttestationPolicy;
import keybound.testkit.softhsm.SoftHsmEnvironment;
import keybound.testkit.softhsm.SoftHsmExtension;
import keybound.token.pkcs11.Pkcs11Module;
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

    private Pkcs11Module softhsm;
    private DemoBank bank;
    private OpenedContract contract;
    private String module;
    private String suffix;
    private final Map<String, String> admin = new HashMap<>();
    private final Map<String, String> user = new HashMap<>();

    @BeforeEach
    void bank(SoftHsmEnvironment environment) throws Exception {
        module = environment.module().toString();
        suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt());
        softhsm = Pkcs11Module.open(environment.module());
        bank = new DemoBank(softhsm, directory, "ca-" + suffix, "ca-pin-1");
        bank.issuer().backOffice().registerBank(new Bank(new BankCode("0042"), "Test Shinkin", AttestationPolicy.NONE));
        contract = bank.issuer().backOffice().openContract(new BankCode("0042"));
        Path ca = Files.writeString(directory.resolve("bank-ca.pem"), BankContext.pem(bank.chain()));
        for (var env : List.of(admin, user)) {
            env.put("KEYBOUND_BANK_URL", bank.address().toString());
            env.put("KEYBOUND_BANK_CA", ca.toString());
            env.put("KEYBOUND_CONTRACT_ID", contract.contractId().value());
        }
        admin.put("KEYBOUND_STATE_DIR", directory.resolve("admin-state").toString());
        admin.put("KEYBOUND_TOKEN_PIN", "111111");
        admin.put("KEYBOUND_CONTRACT_PIN", contract.contractPin().reveal());
        admin.put("KEYBOUND_CONFIRMATION_PIN", contract.confirmationPin().reveal());
        for (int row = 0; row < contract.card().rows(); row++) {
            for (int column = 0; column < contract.card().columns(); column++) {
                admin.put("KEYBOUND_CARD_" + (char) ('A' + column) + (row + 1), contract.card().cell(new CardCell(row, column)));
            }
        }
        user.put("KEYBOUND_STATE_DIR", directory.resolve("user-state").toString());
        user.put("KEYBOUND_TOKEN_PIN", SimulatedCardReader.PIN);
    }

    @AfterEach
    void close() {
        bank.close();
        softhsm.close();
    }

    private static CliRun run(Map<String, String> env, List<String> device, String... args) {
        var all = new ArrayList<>(List.of(args));
        all.addAll(device);
        return CliRun.run(env, all.toArray(String[]::new));
    }

    private String initToken(String label, String pin) {
        CliRun.run(Map.of("KEYBOUND_SO_PIN", "so-pin-1", "KEYBOUND_TOKEN_PIN", pin), "token", "init", "--module", module, label)
                .expect(ExitCode.OK);
        return label;
    }

    @Test
    void theManualThroughTheStationCommands() throws Exception {
        List<String> adminToken = List.of("--module", module, "--token", initToken("admin-" + suffix, "111111"));
        List<String> card = List.of("--card", "sim");
        String newLabel = initToken("new-" + suffix, "222222");
        ObjectMapper json = new ObjectMapper();

        // I-2, after a wrong ロ
        admin.put("KEYBOUND_CONFIRMATION_PIN", "00000000");
        CliRun wrong = run(admin, adminToken, "admin", "acquire").expect(ExitCode.WRONG_SECRET);
        assertTrue(wrong.err().lines().filter(l -> l.startsWith("keybound: ")).count() == 1 && !wrong.err().contains("\tat "), wrong.err());
        admin.put("KEYBOUND_CONFIRMATION_PIN", contract.confirmationPin().reveal());
        CliRun acquired = run(admin, adminToken, "admin", "acquire").expect(ExitCode.OK);
        assertTrue(acquired.out().contains("CN = " + contract.contractId().value() + "0042"), acquired.out());
        run(admin, adminToken, "admin", "acquire").expectOneLineFailure(ExitCode.USAGE);

        // renewal opens 30 days before expiry: a fresh certificate is refused, and no key is left behind
        CliRun early = run(admin, adminToken, "renew", "--admin").expect(ExitCode.REFUSED);
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
        return bank.issuer().certificates(contract.contractId()).stream().filter(r -> r.serial().equals(serial)).findFirst()
                .map(r -> bank.issuer().state(r.certificate()).name()).orElse("unknown");
    }
}

package keybound.cli.station;

import static keybound.cli.CliRun.run;
import static keybound.cli.station.IssuedCertificates.record;
import static keybound.cli.station.IssuedCertificates.serialOf;
import static keybound.cli.station.IssuedCertificates.state;
import static keybound.cli.station.StationEnvironment.administrator;
import static keybound.cli.station.StationEnvironment.softHsmToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import keybound.cli.CliRun;
import keybound.cli.ExitCode;
import keybound.cli.card.SimulatedCardReader;
import keybound.issuer.CertificateState;
import keybound.issuer.contract.Bank;
import keybound.issuer.contract.BankCode;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.policy.AttestationPolicy;
import keybound.issuer.policy.AttestationResult;
import org.junit.jupiter.api.Test;

/**
 * The station with the Java Card, in-process against the bank's real HTTPS server: the bank
 * trusts the simulated card's manufacturer (kept in a directory, as {@code --sim-manufacturer}),
 * card keys are acquired with the card's attestation statement, SoftHSM keys are refused by a bank
 * that requires one, and a SoftHSM certificate migrates onto the card.
 */
class CardStationTest extends CardStationBase {

    private static final BankCode REQUIRING = new BankCode("0061");
    private static final BankCode PREFERRING = new BankCode("0062");

    @Override
    protected List<Bank> banks() {
        return List.of(new Bank(REQUIRING, "Card Shinkin", AttestationPolicy.REQUIRED),
                new Bank(PREFERRING, "Hybrid Shinkin", AttestationPolicy.PREFERRED));
    }

    @Test
    void aBankRequiringAttestationCertifiesCardKeysAndRefusesSoftHsmKeys() throws Exception {
        OpenedContract contract = bank.issuer().backOffice().openContract(REQUIRING);
        Map<String, String> admin = administrator(bank, contract, directory, "admin-state", "111111");
        List<String> softHsm = softHsmToken(module, "soft-" + suffix, "111111");
        List<String> card = List.of("--card", "sim", "--sim-manufacturer", manufacturer.toString());

        CliRun refused = refusedForAttestation(run(admin, softHsm, "admin", "acquire"));
        assertTrue(refused.err().contains("--card"), refused.err());
        CliRun info = CliRun.run(admin, "token", "info", "--credentials", "--module", module, "--token", "soft-" + suffix);
        assertEquals(0, info.expect(ExitCode.OK).out().lines().filter(l -> l.contains(" key ")).count(), "no key left: " + info.out());

        admin.put("KEYBOUND_TOKEN_PIN", SimulatedCardReader.PIN);
        CliRun acquired = run(admin, card, "admin", "acquire", "--label", "admin-" + suffix, "--json").expect(ExitCode.OK);
        String cardSerial = SimulatedCardReader.shared(Optional.of(manufacturer)).serial();
        assertEquals(AttestationResult.verified(cardSerial), record(bank, contract, serialOf(acquired)).attestation());

        run(admin, card, "admin", "logon", "--key", "admin-" + suffix).expect(ExitCode.OK);
        var registered = new ObjectMapper().readTree(run(admin, card, "admin", "users", "register", "U01", "--json").expect(ExitCode.OK).out());
        run(admin, card, "admin", "users", "issue-cert", "U01", "--days", "7").expect(ExitCode.OK);
        run(admin, card, "admin", "logoff").expect(ExitCode.OK);

        Map<String, String> user = new HashMap<>(admin);
        user.put("KEYBOUND_STATE_DIR", directory.resolve("user-state").toString());
        user.put("KEYBOUND_USER_ID", "U01");
        user.put("KEYBOUND_USER_PIN", registered.get("userPin").asText());
        user.put("KEYBOUND_USER_CONFIRMATION_PIN", registered.get("userConfirmationPin").asText());
        user.put("KEYBOUND_TOKEN_PIN", "111111");
        refusedForAttestation(run(user, softHsm, "user", "acquire"));
        user.put("KEYBOUND_TOKEN_PIN", SimulatedCardReader.PIN);
        CliRun userAcquired = run(user, card, "user", "acquire", "--label", "user-" + suffix, "--json").expect(ExitCode.OK);
        assertEquals(AttestationResult.verified(cardSerial), record(bank, contract, serialOf(userAcquired)).attestation());
        run(user, card, "user", "logon", "--key", "user-" + suffix).expect(ExitCode.OK);
    }

    @Test
    void aSoftHsmCertificateMigratesOntoTheCardAndTheOldOneIsRefused() throws Exception {
        OpenedContract contract = bank.issuer().backOffice().openContract(PREFERRING);
        Map<String, String> admin = administrator(bank, contract, directory, "admin-state", "111111");
        String label = StationEnvironment.initToken(module, "old-" + suffix, "111111");
        List<String> oldToken = List.of("--module", module, "--token", label);
        List<String> card = List.of("--card", "sim", "--sim-manufacturer", manufacturer.toString());

        CliRun acquired = run(admin, oldToken, "admin", "acquire", "--label", "old-" + suffix, "--json").expect(ExitCode.OK);
        String oldSerial = serialOf(acquired);
        assertEquals(AttestationResult.absent(), record(bank, contract, oldSerial).attestation());
        SoftHsmBackup backup = SoftHsmBackup.of(softHsm, directory);

        admin.put("KEYBOUND_NEW_TOKEN_PIN", SimulatedCardReader.PIN);
        CliRun moved = run(admin, oldToken, "migrate", "--admin", "--to-card", "sim", "--sim-manufacturer", manufacturer.toString(),
                "--json").expect(ExitCode.OK);
        var answer = new ObjectMapper().readTree(moved.out());
        assertEquals(oldSerial, answer.get("retired").asText());
        String cardSerial = SimulatedCardReader.shared(Optional.of(manufacturer)).serial();
        assertEquals(cardSerial, answer.get("token").asText());
        assertEquals(AttestationResult.verified(cardSerial), record(bank, contract, answer.get("serial").asText()).attestation());
        assertEquals(CertificateState.SUPERSEDED, state(bank, contract, oldSerial));

        // the new card certificate logs on
        admin.put("KEYBOUND_TOKEN_PIN", SimulatedCardReader.PIN);
        run(admin, card, "admin", "logon", "--key", answer.get("label").asText()).expect(ExitCode.OK);
        run(admin, card, "admin", "logoff").expect(ExitCode.OK);

        // the old key, restored from a backup of the SoftHSM token, still holds the old certificate: the bank refuses it
        admin.put("KEYBOUND_TOKEN_PIN", "111111");
        CliRun restored = backup.launch(admin, oldToken, "admin", "logon").expectOneLineFailure(ExitCode.REFUSED);
        assertTrue(restored.err().startsWith("keybound: the bank refused"), restored.err());
    }

    @Test
    void migrationNamesExactlyOneNewToken() {
        Map<String, String> env = Map.of("KEYBOUND_TOKEN_PIN", "111111");
        CliRun.run(env, "migrate", "--module", module, "--token", "any").expect(ExitCode.USAGE);
        CliRun.run(env, "migrate", "--module", module, "--token", "any", "--to-token", "new", "--to-card", "sim").expect(ExitCode.USAGE);
        CliRun.run(env, "migrate", "--module", module, "--token", "any", "--to-card", "sim", "--to-module", module)
                .expectOneLineFailure(ExitCode.USAGE);
    }

    /** Refused with one error line (after the key generation's progress line) naming the attestation, no stack trace. */
    private static CliRun refusedForAttestation(CliRun run) {
        run.expectFailureAfterProgress(ExitCode.REFUSED);
        assertTrue(run.err().contains("attestation-required"), run.err());
        return run;
    }

}

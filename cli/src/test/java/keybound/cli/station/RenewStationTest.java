package keybound.cli.station;

import static keybound.cli.CliRun.run;
import static keybound.cli.station.IssuedCertificates.record;
import static keybound.cli.station.IssuedCertificates.serialOf;
import static keybound.cli.station.IssuedCertificates.state;
import static keybound.cli.station.StationEnvironment.renewableAtOnce;
import static keybound.cli.station.StationEnvironment.administrator;
import static keybound.cli.station.StationEnvironment.softHsmToken;
import static keybound.cli.station.StationEnvironment.unreachableBank;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * {@code keybound renew} end to end, in-process against the bank's real HTTPS server, at a bank
 * whose certificates are renewable at once (valid 10 days, renewal opening 30 days before expiry):
 * the administrator renews on the same SoftHSM token, a user renews on the Java Card (attested, at
 * a bank that requires it), and bad renewals end in one line with their exit code and leave no key.
 * Renewal before its window is refused in {@link StationStoryTest}, at a bank with the defaults.
 */
class RenewStationTest extends CardStationBase {

    private static final BankCode PREFERRING = new BankCode("0071");
    private static final BankCode REQUIRING = new BankCode("0072");
    private static final String TOKEN_PIN = "111111";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected List<Bank> banks() {
        return List.of(new Bank(PREFERRING, "Renewing Shinkin", AttestationPolicy.PREFERRED),
                new Bank(REQUIRING, "Card Shinkin", AttestationPolicy.REQUIRED));
    }

    @Override
    protected String[] settings() {
        return renewableAtOnce();
    }

    @Test
    void theAdministratorRenewsOnTheSameSoftHsmTokenAndTheOldCertificateIsRefused() throws Exception {
        OpenedContract contract = bank.issuer().backOffice().openContract(PREFERRING);
        Map<String, String> admin = administrator(bank, contract, directory, "admin-state", TOKEN_PIN);
        List<String> token = softHsmToken(module, "admin-" + suffix, TOKEN_PIN);
        String oldSerial = serialOf(run(admin, token, "admin", "acquire", "--label", "logon-" + suffix, "--json").expect(ExitCode.OK));
        run(admin, token, "admin", "logon").expect(ExitCode.OK);
        SoftHsmBackup backup = SoftHsmBackup.of(softHsm, directory);

        JsonNode renewed = JSON.readTree(run(admin, token, "renew", "--admin", "--json").expect(ExitCode.OK).out());
        String newSerial = renewed.get("serial").asText();
        assertEquals(oldSerial, renewed.get("retired").asText());
        assertNotEquals(oldSerial, newSerial);
        assertEquals(contract.contractId().value() + "0071", renewed.get("commonName").asText());
        assertEquals(List.of(renewed.get("label").asText()), keyLabels(admin, token), "the new key alone is left on the token");
        assertEquals(CertificateState.SUPERSEDED, state(bank, contract, oldSerial));
        assertEquals(CertificateState.GOOD, state(bank, contract, newSerial));
        assertEquals(AttestationResult.absent(), record(bank, contract, newSerial).attestation());

        // the session made with the old certificate is forgotten; the token now logs on with the new one
        assertTrue(run(admin, token, "status").expectOneLineFailure(ExitCode.REFUSED).err().contains("Not logged on"));
        run(admin, token, "admin", "logon").expect(ExitCode.OK);
        assertTrue(run(admin, token, "status").expect(ExitCode.OK).out().contains("Logged on"));
        run(admin, token, "admin", "users", "list").expect(ExitCode.OK);
        run(admin, token, "admin", "logoff").expect(ExitCode.OK);

        // the old key, restored from a copy of the token taken before renewing: its certificate is refused
        CliRun old = backup.launch(admin, token, "admin", "logon").expectOneLineFailure(ExitCode.REFUSED);
        assertTrue(old.err().contains("certificate-superseded"), old.err());
    }

    @Test
    void aUserRenewsOnTheCardWithItsAttestationAtABankThatRequiresOne() throws Exception {
        OpenedContract contract = bank.issuer().backOffice().openContract(REQUIRING);
        List<String> card = List.of("--card", "sim", "--sim-manufacturer", manufacturer.toString());
        Map<String, String> admin = administrator(bank, contract, directory, "admin-state", TOKEN_PIN);
        admin.put("KEYBOUND_TOKEN_PIN", SimulatedCardReader.PIN);
        run(admin, card, "admin", "acquire", "--label", "admin-" + suffix).expect(ExitCode.OK);
        run(admin, card, "admin", "logon", "--key", "admin-" + suffix).expect(ExitCode.OK);
        JsonNode registered = JSON.readTree(run(admin, card, "admin", "users", "register", "U01", "--json").expect(ExitCode.OK).out());
        run(admin, card, "admin", "users", "issue-cert", "U01", "--days", "7").expect(ExitCode.OK);
        run(admin, card, "admin", "logoff").expect(ExitCode.OK);

        Map<String, String> user = StationEnvironment.forContract(bank, contract, directory, "user-state");
        user.put("KEYBOUND_TOKEN_PIN", SimulatedCardReader.PIN);
        user.put("KEYBOUND_USER_ID", "U01");
        user.put("KEYBOUND_USER_PIN", registered.get("userPin").asText());
        user.put("KEYBOUND_USER_CONFIRMATION_PIN", registered.get("userConfirmationPin").asText());
        String oldSerial = serialOf(run(user, card, "user", "acquire", "--label", "user-" + suffix, "--json").expect(ExitCode.OK));

        JsonNode renewed = JSON.readTree(run(user, card, "renew", "--key", "user-" + suffix, "--json").expect(ExitCode.OK).out());
        String newSerial = renewed.get("serial").asText();
        String newLabel = renewed.get("label").asText();
        String cardSerial = SimulatedCardReader.shared(Optional.of(manufacturer)).serial();
        assertEquals(oldSerial, renewed.get("retired").asText());
        assertEquals(cardSerial, renewed.get("token").asText());
        assertEquals(AttestationResult.verified(cardSerial), record(bank, contract, newSerial).attestation());
        assertEquals(CertificateState.SUPERSEDED, state(bank, contract, oldSerial));
        assertEquals(CertificateState.GOOD, state(bank, contract, newSerial));
        assertEquals(List.of("admin-" + suffix, newLabel), keyLabels(user, card), "the old user key is deleted from the card");

        run(user, card, "user", "logon", "--key", newLabel).expect(ExitCode.OK);
        assertTrue(run(user, card, "status").expect(ExitCode.OK).out().contains("user U01"));
        run(user, card, "user", "logoff").expect(ExitCode.OK);

        // renewed twice more: the key label stays within a card's 32 bytes and keeps one renewal suffix
        for (int i = 0; i < 2; i++) {
            newLabel = JSON.readTree(run(user, card, "renew", "--key", newLabel, "--json").expect(ExitCode.OK).out()).get("label").asText();
        }
        assertTrue(newLabel.matches("user-" + suffix + "-\\d{5}"), newLabel);
    }

    @Test
    void badRenewalsEndInOneLineWithTheirExitCodeAndLeaveNoKey() throws Exception {
        OpenedContract contract = bank.issuer().backOffice().openContract(PREFERRING);
        Map<String, String> admin = administrator(bank, contract, directory, "admin-state", TOKEN_PIN);
        List<String> token = softHsmToken(module, "admin-" + suffix, TOKEN_PIN);
        String serial = serialOf(run(admin, token, "admin", "acquire", "--label", "logon-" + suffix, "--json").expect(ExitCode.OK));
        List<String> empty = softHsmToken(module, "empty-" + suffix, TOKEN_PIN);

        admin.put("KEYBOUND_TOKEN_PIN", "999999");
        CliRun wrongPin = run(admin, token, "renew", "--admin").expectOneLineFailure(ExitCode.WRONG_SECRET);
        assertFalse(wrongPin.err().contains("999999"), wrongPin.err());
        admin.put("KEYBOUND_TOKEN_PIN", TOKEN_PIN);

        // the certificate to renew is not on the token
        run(admin, empty, "renew", "--admin").expectOneLineFailure(ExitCode.TOKEN_ABSENT);
        run(admin, token, "renew", "--admin", "--key", "other-" + suffix).expectOneLineFailure(ExitCode.USAGE);
        // the administrator's certificate renewed as a user's: caught before the user's secrets are sent
        assertTrue(run(admin, token, "renew").expectOneLineFailure(ExitCode.USAGE).err().contains("--admin"));

        admin.put("KEYBOUND_CONFIRMATION_PIN", "00000000");
        run(admin, token, "renew", "--admin").expectFailureAfterProgress(ExitCode.WRONG_SECRET);
        admin.put("KEYBOUND_CONFIRMATION_PIN", contract.confirmationPin().withChars(String::new));

        admin.put("KEYBOUND_BANK_URL", unreachableBank());
        run(admin, token, "renew", "--admin").expectFailureAfterProgress(ExitCode.SERVER_UNREACHABLE);

        assertEquals(List.of("logon-" + suffix), keyLabels(admin, token), "no new key is left behind");
        assertEquals(List.of(), keyLabels(admin, empty));
        assertEquals(CertificateState.GOOD, state(bank, contract, serial));
    }

    /** The labels of the keys on the token, as {@code token info --credentials} lists them. */
    private static List<String> keyLabels(Map<String, String> env, List<String> token) {
        return run(env, token, "token", "info", "--credentials").expect(ExitCode.OK).out().lines()
                .filter(l -> l.startsWith("  key ")).map(l -> l.substring("  key ".length()).split(" +", -1)[0]).toList();
    }
}

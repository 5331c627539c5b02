package keybound.cli.station;

import static keybound.cli.CliRun.run;
import static keybound.cli.station.IssuedCertificates.record;
import static keybound.cli.station.StationEnvironment.renewableAtOnce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import keybound.cardsim.ManufacturerCa;
import keybound.cardsim.SimulatedCard;
import keybound.cli.CliRun;
import keybound.cli.ExitCode;
import keybound.issuer.contract.Bank;
import keybound.issuer.contract.BankCode;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.policy.AttestationPolicy;
import keybound.issuer.store.CertificateRecord;
import keybound.server.fixture.BankFixture;
import keybound.testkit.pcsc.VirtualReader;
import keybound.testkit.softhsm.SoftHsmEnvironment;
import keybound.testkit.softhsm.SoftHsmExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole enrolment over PIV: keybound's card sits in a real pcscd reader (vpcd), the station
 * speaks PIV to it ({@code --card piv:READER}, as it would to a YubiKey), the bank requires
 * attestation and verifies the card's Yubico-format F9 chain against the configured maker root,
 * and the card then logs on by mutual TLS through the JDK's PC/SC provider.
 */
@ExtendWith(SoftHsmExtension.class)
class PivStationTest {

    private static final BankCode REQUIRING = new BankCode("0071");
    private static final BankCode PREFERRING = new BankCode("0072");

    @TempDir
    Path directory;

    private String module;
    private BankFixture bank;
    private ManufacturerCa maker;
    private SimulatedCard card;
    private VirtualReader reader;

    @BeforeEach
    void bankAndCard(SoftHsmEnvironment environment) {
        module = environment.module().toString();
        maker = ManufacturerCa.create("keybound PIV station maker");
        // certificates renewable at once (valid 10 days, renewal opening 30 days before expiry)
        bank = BankFixture.trusting(directory, List.of(maker.certificate()),
                renewableAtOnce());
        bank.issuer().backOffice().registerBank(new Bank(REQUIRING, "PIV Shinkin", AttestationPolicy.REQUIRED));
        bank.issuer().backOffice().registerBank(new Bank(PREFERRING, "Hybrid Shinkin", AttestationPolicy.PREFERRED));
        card = SimulatedCard.personalised(maker);
        reader = VirtualReader.insert(card.simulator());
    }

    @AfterEach
    void close() {
        reader.close();
        bank.close();
    }

    @Test
    void aPivCardAcquiresAndRenewsWithPivAttestationLogsOnAndShowsItsSlots() throws Exception {
        OpenedContract contract = bank.issuer().backOffice().openContract(REQUIRING);
        Map<String, String> admin = StationEnvironment.withAdministratorSecrets(
                StationEnvironment.forContract(bank, contract, directory, "admin-state"), contract);
        admin.put("KEYBOUND_TOKEN_PIN", SimulatedCard.PIN);
        List<String> piv = List.of("--card", "piv:" + reader.terminal().getName());

        CliRun acquired = run(admin, piv, "admin", "acquire", "--label", "admin-piv", "--json").expect(ExitCode.OK);
        CertificateRecord record = record(bank, contract, new ObjectMapper().readTree(acquired.out()).get("serial").asText());
        String attestedBy = record.attestation().cardSerial().orElseThrow();
        assertTrue(attestedBy.matches("piv \\d+ pin:once touch:never form:00"), attestedBy);
        assertEquals("PIV", record.token().kind().name());

        // PIV stores no key labels: a later process names the key after its slot (or takes the only one)
        run(admin, piv, "admin", "logon").expect(ExitCode.OK);
        run(admin, piv, "admin", "logoff").expect(ExitCode.OK);

        var renewed = new ObjectMapper().readTree(run(admin, piv, "renew", "--admin", "--json").expect(ExitCode.OK).out());
        CertificateRecord renewedRecord = record(bank, contract, renewed.get("serial").asText());
        assertTrue(renewedRecord.attestation().cardSerial().orElseThrow().startsWith("piv "), renewedRecord.toString());
        CliRun info = run(admin, piv, "token", "info", "--credentials").expect(ExitCode.OK);
        assertTrue(info.out().contains("PIV slot 9c") && info.out().contains(card.serial()), info.out());
        run(admin, piv, "admin", "logon", "--key", "piv-9c").expect(ExitCode.OK);
        run(admin, piv, "admin", "logoff").expect(ExitCode.OK);
        // plain --card pcsc finds the same card by the same serial, through keybound's own protocol
        CliRun listed = CliRun.run(Map.of(), "token", "list", "--card", "pcsc:" + reader.terminal().getName()).expect(ExitCode.OK);
        assertTrue(listed.out().contains(card.serial()) && listed.out().contains("keybound applet"), listed.out());
    }

    @Test
    void aSoftHsmCertificateMigratesOntoAPivCard() throws Exception {
        OpenedContract contract = bank.issuer().backOffice().openContract(PREFERRING);
        Map<String, String> admin = StationEnvironment.withAdministratorSecrets(
                StationEnvironment.forContract(bank, contract, directory, "migrating-admin"), contract);
        admin.put("KEYBOUND_TOKEN_PIN", "111111");
        String label = StationEnvironment.initToken(module, "old-" + Integer.toHexString(ThreadLocalRandom.current().nextInt()), "111111");
        List<String> oldToken = List.of("--module", module, "--token", label);
        run(admin, oldToken, "admin", "acquire", "--label", "old-key", "--json").expect(ExitCode.OK);

        admin.put("KEYBOUND_NEW_TOKEN_PIN", SimulatedCard.PIN);
        var moved = new ObjectMapper().readTree(run(admin, oldToken, "migrate", "--admin",
                "--to-card", "piv:" + reader.terminal().getName(), "--json").expect(ExitCode.OK).out());
        assertEquals(card.serial(), moved.get("token").asText());
        String attestedBy = record(bank, contract, moved.get("serial").asText()).attestation().cardSerial().orElseThrow();
        assertTrue(attestedBy.startsWith("piv "), attestedBy);
        admin.put("KEYBOUND_TOKEN_PIN", SimulatedCard.PIN);
        run(admin, List.of("--card", "piv:" + reader.terminal().getName()), "admin", "logon").expect(ExitCode.OK);
        run(admin, List.of("--card", "piv:" + reader.terminal().getName()), "admin", "logoff").expect(ExitCode.OK);
    }
}

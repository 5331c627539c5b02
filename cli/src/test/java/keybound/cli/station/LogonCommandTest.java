package keybound.cli.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import keybound.cli.CliRun;
import keybound.cli.ExitCode;
import keybound.server.wiring.CaCreation;
import keybound.cli.demo.DemoBank;
import keybound.issuer.contract.Bank;
import keybound.issuer.contract.BankCode;
import keybound.issuer.contract.CardCell;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.enrollment.AdministratorAcquisition;
import keybound.issuer.enrollment.TokenReport;
import keybound.issuer.policy.AttestationPolicy;
import keybound.testkit.softhsm.SoftHsmEnvironment;
import keybound.testkit.softhsm.SoftHsmExtension;
import keybound.token.Secret;
import keybound.token.TokenSelector;
import keybound.token.pkcs11.Pkcs11Module;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keybound admin logon | status | admin logoff | user logon} in-process against the bank's
 * real HTTPS server on loopback, the administrator's key on a real SoftHSM token.
 */
@ExtendWith(SoftHsmExtension.class)
class LogonCommandTest {

    private static final String TOKEN_PIN = "246810";

    @TempDir
    Path directory;

    private Pkcs11Module softhsm;
    private DemoBank bank;
    private OpenedContract contract;
    private String module;
    private String tokenLabel;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void bankAndAdministratorToken(SoftHsmEnvironment environment) throws Exception {
        module = environment.module().toString();
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt());
        softhsm = Pkcs11Module.open(environment.module());
        bank = new DemoBank(softhsm, directory, "ca-" + suffix, "ca-pin-1", Clock.systemUTC());
        bank.issuer().backOffice().registerBank(new Bank(new BankCode("0042"), "Test Shinkin", AttestationPolicy.NONE));
        contract = bank.issuer().backOffice().openContract(new BankCode("0042"));

        tokenLabel = "admin-" + suffix;
        CliRun.run(Map.of("KEYBOUND_SO_PIN", "so-pin-1", "KEYBOUND_TOKEN_PIN", TOKEN_PIN), "token", "init", "--module", module, tokenLabel)
                .expect(ExitCode.OK);
        try (Secret pin = Secret.of(TOKEN_PIN); var session = softhsm.token(TokenSelector.label(tokenLabel)).open(pin)) {
            var key = Station.newKey(session, "bank-logon");
            var issued = bank.issuer().acquireAdministrator(new AdministratorAcquisition(contract.contractId(),
                    contract.contractPin().copy(), contract.confirmationPin().copy(),
                    Station.csr(session, key), new TokenReport(session.token().kind(), session.token().model(), session.token().serial()), Optional.empty()));
            session.storeCertificate(key, issued.certificate());
        }

        Path ca = Files.writeString(directory.resolve("bank-ca.pem"), CaCreation.pem(bank.chain()));
        env.put("KEYBOUND_BANK_URL", bank.address().toString());
        env.put("KEYBOUND_BANK_CA", ca.toString());
        env.put("KEYBOUND_STATE_DIR", directory.resolve("state").toString());
        env.put("KEYBOUND_TOKEN_PIN", TOKEN_PIN);
        env.put("KEYBOUND_CONTRACT_PIN", contract.contractPin().withChars(String::new));
        for (int row = 0; row < contract.card().rows(); row++) {
            for (int column = 0; column < contract.card().columns(); column++) {
                env.put("KEYBOUND_CARD_" + (char) ('A' + column) + (row + 1), contract.card().cell(new CardCell(row, column)));
            }
        }
    }

    @AfterEach
    void close() {
        bank.close();
        softhsm.close();
    }

    private CliRun station(String... args) {
        var all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--module", module, "--token", tokenLabel));
        return CliRun.run(env, all.toArray(String[]::new));
    }

    @Test
    void administratorLogsOnWithTheCardSeesTheStatusAndLogsOff() throws Exception {
        CliRun logon = station("admin", "logon").expect(ExitCode.OK);
        assertTrue(logon.out().contains("administrator of " + contract.contractId().value()), logon.out());
        Path file = directory.resolve("state/session.properties");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertFalse(Files.readString(file).contains(contract.contractPin().withChars(String::new)), "no secret in the session file");

        assertTrue(station("status", "--json").expect(ExitCode.OK).out().contains("\"method\":\"MUTUAL_TLS\""));
        station("admin", "logoff").expect(ExitCode.OK);
        assertFalse(Files.exists(file));
        station("status").expectOneLineFailure(ExitCode.REFUSED);
    }

    @Test
    void wrongSecretsWrongCommandAndAnUnreachableBankEndInOneLine() {
        station("user", "logon").expectOneLineFailure(ExitCode.USAGE);

        env.put("KEYBOUND_CONTRACT_PIN", "00000000");
        CliRun denied = station("admin", "logon").expectOneLineFailure(ExitCode.WRONG_SECRET);
        assertFalse(denied.err().contains("00000000"));

        env.put("KEYBOUND_TOKEN_PIN", "999999");
        station("admin", "logon").expectOneLineFailure(ExitCode.WRONG_SECRET);

        env.put("KEYBOUND_TOKEN_PIN", TOKEN_PIN);
        env.put("KEYBOUND_BANK_URL", "https://127.0.0.1:1/");
        station("admin", "logon").expectOneLineFailure(ExitCode.SERVER_UNREACHABLE);

        env.remove("KEYBOUND_BANK_URL");
        station("admin", "logon").expectOneLineFailure(ExitCode.CONFIG);
    }
}

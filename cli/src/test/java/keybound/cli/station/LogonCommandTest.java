package keybound.cli.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import keybound.cli.CliRun;
import keybound.cli.ExitCode;
import keybound.server.fixture.BankFixture;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.enrollment.AdministratorAcquisition;
import keybound.issuer.enrollment.TokenReport;
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
    private BankFixture bank;
    private OpenedContract contract;
    private String module;
    private String tokenLabel;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void bankAndAdministratorToken(SoftHsmEnvironment environment) throws Exception {
        module = environment.module().toString();
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt());
        softhsm = Pkcs11Module.open(environment.module());
        bank = BankFixture.open(directory);
        contract = StationEnvironment.plainContract(bank);

        tokenLabel = StationEnvironment.initToken(module, "admin-" + suffix, TOKEN_PIN);
        try (Secret pin = Secret.of(TOKEN_PIN); var session = softhsm.token(TokenSelector.label(tokenLabel)).open(pin)) {
            var key = Station.newKey(session, "bank-logon");
            var issued = bank.issuer().acquireAdministrator(new AdministratorAcquisition(contract.contractId(),
                    contract.contractPin().copy(), contract.confirmationPin().copy(),
                    Station.csr(session, key), new TokenReport(session.token().kind(), session.token().model(), session.token().serial()), Optional.empty()));
            session.storeCertificate(key, issued.certificate());
        }

        env.putAll(StationEnvironment.withAdministratorSecrets(StationEnvironment.forContract(bank, contract, directory, "state"), contract));
        env.put("KEYBOUND_TOKEN_PIN", TOKEN_PIN);
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

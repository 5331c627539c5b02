package keybound.cli.station;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import keybound.cli.CliRun;
import keybound.cli.ExitCode;
import keybound.server.fixture.BankFixture;

/**
 * The {@link BankFixture} run as its operator runs it, by {@code keybound bank} commands on the
 * fixture's configuration file, with the station at that bank: the administrator acquired and logged
 * on (I-2, I-3) on SoftHSM, user U01 registered, authorised and acquired (II-1) on another SoftHSM
 * token. {@code bank ...} runs against the same registry as the server, as the back office does
 * next to a running server.
 */
final class OperatedBank implements AutoCloseable {

    static final String USER = "U01";
    private static final ObjectMapper JSON = new ObjectMapper();

    final Map<String, String> operator;
    final Map<String, String> admin;
    final Map<String, String> user;
    final String contractId;
    final Path directory;
    private final String module;
    private final String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt());
    private final List<String> adminToken;
    private List<String> userToken;
    private final BankFixture bank;

    /** {@code lockoutLimit}: wrong secrets before an account locks. */
    OperatedBank(Path directory, Path softhsmModule, int lockoutLimit) throws IOException {
        this.directory = directory;
        this.module = softhsmModule.toString();
        bank = BankFixture.open(directory, "lockout.limit=" + lockoutLimit);
        try {
            operator = new HashMap<>(bank.environment());
            bank("register-bank", "0042", "Test Shinkin", "--attestation", "none").expect(ExitCode.OK);
            JsonNode contract = JSON.readTree(bank("open-contract", "--bank", "0042", "--json").expect(ExitCode.OK).out());
            contractId = contract.get("contractId").asText();
            admin = StationEnvironment.withAdministratorSecrets(StationEnvironment.forContract(bank, contractId, directory, "admin-state"),
                    contract);
            admin.put("KEYBOUND_TOKEN_PIN", "111111");
            adminToken = List.of("--module", module, "--token", initToken("admin-" + suffix, "111111"));
            admin("admin", "acquire").expect(ExitCode.OK);
            admin("admin", "logon").expect(ExitCode.OK);

            JsonNode registered = JSON.readTree(admin("admin", "users", "register", USER, "--json").expect(ExitCode.OK).out());
            admin("admin", "users", "issue-cert", USER).expect(ExitCode.OK);
            user = StationEnvironment.forContract(bank, contractId, directory, "user-state");
            user.put("KEYBOUND_TOKEN_PIN", "222222");
            user.put("KEYBOUND_USER_ID", USER);
            user.put("KEYBOUND_USER_PIN", registered.get("userPin").asText());
            user.put("KEYBOUND_USER_CONFIRMATION_PIN", registered.get("userConfirmationPin").asText());
            userToken = List.of("--module", module, "--token", initToken("user-" + suffix, "222222"));
            user("user", "acquire").expect(ExitCode.OK);
        } catch (IOException | RuntimeException | Error e) {
            bank.close();
            throw e;
        }
    }

    /** A new SoftHSM token, {@code name-<suffix>}, with this user PIN. */
    String initToken(String label, String pin) {
        return StationEnvironment.initToken(module, label, pin);
    }

    String suffix() {
        return suffix;
    }

    /** The bank's configuration file. */
    Path config() {
        return bank.config();
    }

    /** The SoftHSM library the tokens are on. */
    String module() {
        return module;
    }

    /** Moves the user's station to another token (of this SoftHSM library). */
    void userUses(String tokenLabel) {
        userToken = List.of("--module", module, "--token", tokenLabel);
    }

    /** {@code keybound bank SUBCOMMAND --config FILE ARGS...} as the operator. */
    CliRun bank(String subcommand, String... args) {
        var all = new ArrayList<>(List.of("bank", subcommand, "--config", bank.config().toString()));
        all.addAll(List.of(args));
        return CliRun.run(operator, all.toArray(String[]::new));
    }

    /** A station command as the administrator, on the administrator's token. */
    CliRun admin(String... args) {
        return withToken(admin, adminToken, args);
    }

    /** A station command as user U01, on the user's token. */
    CliRun user(String... args) {
        return withToken(user, userToken, args);
    }

    private static CliRun withToken(Map<String, String> env, List<String> token, String... args) {
        var all = new ArrayList<>(List.of(args));
        all.addAll(token);
        return CliRun.run(env, all.toArray(String[]::new));
    }

    /** U01's entry in {@code admin users list --json}. */
    JsonNode userEntry() {
        try {
            for (JsonNode entry : JSON.readTree(admin("admin", "users", "list", "--json").expect(ExitCode.OK).out())) {
                if (USER.equals(entry.get("userId").asText())) {
                    return entry;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError(USER + " is not listed");
    }

    /** The serial of U01's current (GOOD) certificate, from {@code bank certificates --json}. */
    String userSerial() throws IOException {
        for (JsonNode row : JSON.readTree(bank("certificates", contractId, "--json").expect(ExitCode.OK).out())) {
            if (USER.equals(row.get("user").asText()) && "GOOD".equals(row.get("state").asText())) {
                return row.get("serial").asText();
            }
        }
        throw new AssertionError("U01 has no GOOD certificate");
    }

    static void assertMentions(CliRun run, String text) {
        assertTrue(run.err().contains(text) || run.out().contains(text), () -> "expected '" + text + "' in: " + run);
    }

    @Override
    public void close() {
        bank.close();
    }
}

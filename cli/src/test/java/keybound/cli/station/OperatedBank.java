package keybound.cli.station;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import keybound.cli.CliRun;
import keybound.cli.ExitCode;
import java.time.Clock;
import keybound.server.wiring.BankAssembly;
import keybound.cli.bank.ServeCommand;

/**
 * A bank set up as its operator does it, by {@code keybound bank} commands on one configuration
 * file (CA key on a SoftHSM token, registry in H2 under a temporary directory), its server started
 * from that file in this process ({@link ServeCommand#start}), and the station at that bank: the
 * administrator acquired and logged on (I-2, I-3) on SoftHSM, user U01 registered, authorised and
 * acquired (II-1) on another SoftHSM token. {@code bank ...} runs against the same registry as the
 * server, as the back office does next to a running server.
 */
final class OperatedBank implements AutoCloseable {

    static final String USER = "U01";
    private static final String CA_PIN = "ca-pin-4321";
    private static final ObjectMapper JSON = new ObjectMapper();

    final Map<String, String> operator = new HashMap<>();
    final Map<String, String> admin = new HashMap<>();
    final Map<String, String> user = new HashMap<>();
    final String contractId;
    final Path directory;
    private final Path config;
    private final String module;
    private final String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt());
    private final List<String> adminToken;
    private List<String> userToken;
    private final ServeCommand.Running server;

    /** {@code lockoutLimit}: wrong secrets before an account locks. */
    OperatedBank(Path directory, Path softhsmModule, int lockoutLimit) throws IOException {
        this.directory = directory;
        this.module = softhsmModule.toString();
        String caLabel = initToken("bank-ca-" + suffix, CA_PIN);
        config = Files.writeString(directory.resolve("bank.properties"), String.join("\n",
                "data.dir=" + directory.resolve("data"), "ca.module=" + module, "ca.token-label=" + caLabel,
                "secrets.hash.memory-kib=64", "secrets.hash.iterations=1", "secrets.hash.parallelism=1",
                "listen.host=127.0.0.1", "listen.port=0", "tls.auto=true", "lockout.limit=" + lockoutLimit, ""));
        operator.put("KEYBOUND_CA_PIN", CA_PIN);
        operator.put("KEYBOUND_TLS_KEYSTORE_PASSWORD", "store-pass-1");
        byte[] sealing = new byte[32];
        new SecureRandom().nextBytes(sealing);
        operator.put("KEYBOUND_CARD_SEALING_KEY", Base64.getEncoder().encodeToString(sealing));

        bank("create-ca").expect(ExitCode.OK);
        bank("register-bank", "0042", "Test Shinkin", "--attestation", "none").expect(ExitCode.OK);
        JsonNode contract = JSON.readTree(bank("open-contract", "--bank", "0042", "--json").expect(ExitCode.OK).out());
        contractId = contract.get("contractId").asText();
        server = ServeCommand.start(BankAssembly.of(config, operator, Clock.systemUTC()));
        try {
            Path ca = directory.resolve("data/ca");
            Path chain = Files.writeString(directory.resolve("bank-ca.pem"),
                    Files.readString(ca.resolve("issuing.pem")) + Files.readString(ca.resolve("root.pem")));
            for (var env : List.of(admin, user)) {
                env.put("KEYBOUND_BANK_URL", server.address().toString());
                env.put("KEYBOUND_BANK_CA", chain.toString());
                env.put("KEYBOUND_CONTRACT_ID", contractId);
            }
            admin.put("KEYBOUND_STATE_DIR", directory.resolve("admin-state").toString());
            admin.put("KEYBOUND_TOKEN_PIN", "111111");
            admin.put("KEYBOUND_CONTRACT_PIN", contract.get("contractPin").asText());
            admin.put("KEYBOUND_CONFIRMATION_PIN", contract.get("confirmationPin").asText());
            JsonNode card = contract.get("card");
            for (int row = 0; row < card.size(); row++) {
                String[] cells = card.get(row).asText().split(" ", -1);
                for (int column = 0; column < cells.length; column++) {
                    admin.put("KEYBOUND_CARD_" + (char) ('A' + column) + (row + 1), cells[column]);
                }
            }
            adminToken = List.of("--module", module, "--token", initToken("admin-" + suffix, "111111"));
            admin("admin", "acquire").expect(ExitCode.OK);
            admin("admin", "logon").expect(ExitCode.OK);

            JsonNode registered = JSON.readTree(admin("admin", "users", "register", USER, "--json").expect(ExitCode.OK).out());
            admin("admin", "users", "issue-cert", USER).expect(ExitCode.OK);
            user.put("KEYBOUND_STATE_DIR", directory.resolve("user-state").toString());
            user.put("KEYBOUND_TOKEN_PIN", "222222");
            user.put("KEYBOUND_USER_ID", USER);
            user.put("KEYBOUND_USER_PIN", registered.get("userPin").asText());
            user.put("KEYBOUND_USER_CONFIRMATION_PIN", registered.get("userConfirmationPin").asText());
            userToken = List.of("--module", module, "--token", initToken("user-" + suffix, "222222"));
            user("user", "acquire").expect(ExitCode.OK);
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    /** A new SoftHSM token, {@code name-<suffix>}, with this user PIN. */
    String initToken(String label, String pin) {
        CliRun.run(Map.of("KEYBOUND_SO_PIN", "so-pin-1", "KEYBOUND_TOKEN_PIN", pin), "token", "init", "--module", module, label)
                .expect(ExitCode.OK);
        return label;
    }

    String suffix() {
        return suffix;
    }

    /** The bank's configuration file. */
    Path config() {
        return config;
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
        var all = new ArrayList<>(List.of("bank", subcommand, "--config", config.toString()));
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
        server.close();
    }
}

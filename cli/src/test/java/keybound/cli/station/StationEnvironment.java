package keybound.cli.station;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import keybound.cli.CliRun;
import keybound.cli.ExitCode;
import keybound.issuer.contract.Bank;
import keybound.issuer.contract.BankCode;
import keybound.issuer.contract.CardCell;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.policy.AttestationPolicy;
import keybound.server.fixture.BankFixture;
import keybound.server.wiring.CaCreation;

/** The environment a station command sees in the tests: where the bank is, and the contract's handed-over secrets. */
public final class StationEnvironment {

    private StationEnvironment() {
    }

    /** The bank's address and CA chain (written under {@code directory}), contract A and a state directory of its own. */
    public static Map<String, String> forContract(BankFixture bank, OpenedContract contract, Path directory, String state) throws IOException {
        return forContract(bank, contract.contractId().value(), directory, state);
    }

    /** As {@link #forContract(BankFixture, OpenedContract, Path, String)}, for the contract numbered {@code contractId}. */
    public static Map<String, String> forContract(BankFixture bank, String contractId, Path directory, String state) throws IOException {
        Path ca = directory.resolve("bank-ca.pem");
        if (!Files.exists(ca)) {
            Files.writeString(ca, CaCreation.pem(bank.chain()));
        }
        Map<String, String> env = new HashMap<>();
        env.put("KEYBOUND_BANK_URL", bank.address().toString());
        env.put("KEYBOUND_BANK_CA", ca.toString());
        env.put("KEYBOUND_CONTRACT_ID", contractId);
        env.put("KEYBOUND_STATE_DIR", directory.resolve(state).toString());
        return env;
    }

    /** Registers bank 0042 ("Test Shinkin", no attestation asked) and opens a contract there: the stories' plain bank. */
    public static OpenedContract plainContract(BankFixture bank) {
        BankCode code = new BankCode("0042");
        bank.issuer().backOffice().registerBank(new Bank(code, "Test Shinkin", AttestationPolicy.NONE));
        return bank.issuer().backOffice().openContract(code);
    }

    /** Settings of a bank whose certificates are renewable at once: valid 10 days, renewal opening 30 days before expiry. */
    public static String[] renewableAtOnce() {
        return new String[] {"certificate.validity-days=10", "certificate.renewal-lead-days=30"};
    }

    /** The administrator's environment for {@code contract}: {@link #forContract}, its secrets, and the token's PIN. */
    public static Map<String, String> administrator(BankFixture bank, OpenedContract contract, Path directory, String state,
            String tokenPin) throws IOException {
        var env = withAdministratorSecrets(forContract(bank, contract, directory, state), contract);
        env.put("KEYBOUND_TOKEN_PIN", tokenPin);
        return env;
    }

    /** The options choosing a new SoftHSM token (made through {@code keybound token init}) on {@code module}. */
    public static List<String> softHsmToken(String module, String label, String pin) {
        return List.of("--module", module, "--token", initToken(module, label, pin));
    }

    /**
     * A loopback port bound and never listened on, for this JVM's lifetime: connecting is refused,
     * and no server started meanwhile can be given the port (a port that was merely free a moment
     * ago could be).
     */
    private static final Socket UNREACHABLE = bindWithoutListening();

    /** A bank address nothing answers at (connection refused). */
    public static String unreachableBank() {
        return "https://" + UNREACHABLE.getLocalAddress().getHostAddress() + ":" + UNREACHABLE.getLocalPort() + "/";
    }

    private static Socket bindWithoutListening() {
        try {
            var socket = new Socket();
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new SoftHSM token made through {@code keybound token init}; its label. */
    public static String initToken(String module, String label, String pin) {
        CliRun.run(Map.of("KEYBOUND_SO_PIN", "so-pin-1", "KEYBOUND_TOKEN_PIN", pin), "token", "init", "--module", module, label)
                .expect(ExitCode.OK);
        return label;
    }

    /** Adds the administrator's secrets: イ, ロ and every cell of the customer card. */
    public static Map<String, String> withAdministratorSecrets(Map<String, String> env, OpenedContract contract) {
        env.put("KEYBOUND_CONTRACT_PIN", contract.contractPin().withChars(String::new));
        env.put("KEYBOUND_CONFIRMATION_PIN", contract.confirmationPin().withChars(String::new));
        for (int row = 0; row < contract.card().rows(); row++) {
            for (int column = 0; column < contract.card().columns(); column++) {
                env.put(cardVariable(row, column), contract.card().cell(new CardCell(row, column)));
            }
        }
        return env;
    }

    /** As {@link #withAdministratorSecrets(Map, OpenedContract)}, from what {@code keybound bank open-contract --json} printed. */
    public static Map<String, String> withAdministratorSecrets(Map<String, String> env, JsonNode contract) {
        env.put("KEYBOUND_CONTRACT_PIN", contract.get("contractPin").asText());
        env.put("KEYBOUND_CONFIRMATION_PIN", contract.get("confirmationPin").asText());
        JsonNode card = contract.get("card");
        for (int row = 0; row < card.size(); row++) {
            String[] cells = card.get(row).asText().split(" ", -1);
            for (int column = 0; column < cells.length; column++) {
                env.put(cardVariable(row, column), cells[column]);
            }
        }
        return env;
    }

    /** {@code KEYBOUND_CARD_A1} for the top-left cell. */
    private static String cardVariable(int row, int column) {
        return "KEYBOUND_CARD_" + (char) ('A' + column) + (row + 1);
    }
}

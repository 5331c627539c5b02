package keybound.cli.station;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import keybound.cli.CliRun;
import keybound.cli.ExitCode;
import keybound.server.wiring.CaCreation;
import keybound.cli.demo.DemoBank;
import keybound.issuer.contract.CardCell;
import keybound.issuer.contract.OpenedContract;

/** The environment a station command sees in the tests: where the bank is, and the contract's handed-over secrets. */
public final class StationEnvironment {

    private StationEnvironment() {
    }

    /** The bank's address and CA chain (written under {@code directory}), contract A and a state directory of its own. */
    public static Map<String, String> forContract(DemoBank bank, OpenedContract contract, Path directory, String state) throws IOException {
        Path ca = directory.resolve("bank-ca.pem");
        if (!Files.exists(ca)) {
            Files.writeString(ca, CaCreation.pem(bank.chain()));
        }
        Map<String, String> env = new HashMap<>();
        env.put("KEYBOUND_BANK_URL", bank.address().toString());
        env.put("KEYBOUND_BANK_CA", ca.toString());
        env.put("KEYBOUND_CONTRACT_ID", contract.contractId().value());
        env.put("KEYBOUND_STATE_DIR", directory.resolve(state).toString());
        return env;
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
                env.put("KEYBOUND_CARD_" + (char) ('A' + column) + (row + 1), contract.card().cell(new CardCell(row, column)));
            }
        }
        return env;
    }
}

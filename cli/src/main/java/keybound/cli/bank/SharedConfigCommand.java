package keybound.cli.bank;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import keybound.cli.Secrets;
import keybound.issuer.SharedSettings;
import keybound.server.wiring.BankAssembly;
import picocli.CommandLine.Command;

/**
 * {@code keybound bank config show|adopt}: the settings every node on the registry must agree on.
 * A node whose file differs is refused at start; {@code adopt} makes this file's values the bank's.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Settings shared by every node on the registry: show them, or adopt this file's values.",
        subcommands = {SharedConfigCommand.Show.class, SharedConfigCommand.Adopt.class})
final class SharedConfigCommand {

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the values the registry records for every node.")
    static final class Show extends BankCommand.Base {
        Show(Secrets secrets, Clock clock) {
            super(secrets, clock);
        }

        @Override
        void run(BankAssembly bank) {
            Map<String, String> recorded = new SharedSettings(bank.database(), clock).recorded();
            StringBuilder human = new StringBuilder();
            recorded.forEach((key, value) -> human.append(key).append('=').append(value).append('\n'));
            report(recorded, recorded.isEmpty() ? "No node has started on this registry yet." : human.toString().strip());
        }
    }

    @Command(name = "adopt", mixinStandardHelpOptions = true,
            description = "Make this configuration file's shared settings the bank's; restart the other nodes with the same file.")
    static final class Adopt extends BankCommand.Base {
        Adopt(Secrets secrets, Clock clock) {
            super(secrets, clock);
        }

        @Override
        void run(BankAssembly bank) {
            List<String> changed = new SharedSettings(bank.database(), clock).adopt(bank.sharedSettings());
            report(Map.of("changed", changed), changed.isEmpty() ? "The registry already records this file's values."
                    : "The bank now uses this file's " + String.join(", ", changed)
                            + ". Nodes running with other values keep them until restarted; give every node this file.");
        }
    }
}

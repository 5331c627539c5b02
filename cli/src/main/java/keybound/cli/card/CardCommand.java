package keybound.cli.card;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import keybound.cardsim.ManufacturerCa;
import keybound.cardsim.SimulatedCard;
import keybound.cardsim.VpcdBridge;
import keybound.cli.CliException;
import keybound.cli.ExitCode;
import keybound.cli.Secrets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code keybound card simulate}: a simulated keybound card that stays in a virtual reader between commands. */
@Command(name = "card", mixinStandardHelpOptions = true,
        description = "A simulated keybound card, to try the station without a card or reader.",
        subcommands = CardCommand.Simulate.class)
public final class CardCommand {

    @Command(name = "simulate", mixinStandardHelpOptions = true,
            description = {"Keep a simulated keybound card in the virtual reader of pcscd (vsmartcard's vpcd) until stopped"
                    + " (Ctrl-C or SIGTERM). Other commands reach it with --card pcsc, like a card in a USB reader. The card"
                    + " (its keys, PIN counters and certificates) is saved to the state file after every command it answers"
                    + " and read back at the next start. PIN " + SimulatedCard.PIN + ", PUK " + SimulatedCard.PUK + ".",
                    "SIMULATION ONLY: the state file holds the card's private keys unprotected. Never use such a card"
                    + " for a real bank."})
    static final class Simulate implements Callable<Integer> {
        private final Secrets secrets;
        @Option(names = "--state", paramLabel = "FILE", description = "where the card is kept (made on first use, mode 0600;"
                + " default: $HOME/.keybound/simulated-card.state)")
        Path state;
        @Option(names = "--sim-manufacturer", paramLabel = "DIR", defaultValue = "${env:KEYBOUND_SIM_MANUFACTURER}",
                description = "a new card is made by the simulated manufacturer kept in DIR (as for --card sim), whose "
                        + ManufacturerCa.CERTIFICATE_FILE + " a bank can trust; default: a throw-away one")
        Path manufacturer;
        @Option(names = "--vpcd-port", defaultValue = "35963", description = "the port vpcd listens on (default: ${DEFAULT-VALUE})")
        int port;
        @Spec CommandSpec spec;

        Simulate(Secrets secrets) {
            this.secrets = secrets;
        }

        @Override
        public Integer call() throws InterruptedException {
            Path file = state != null ? state : defaultState(secrets.environment());
            SimulatedCard card;
            try {
                card = SimulatedCard.persistent(file, () -> manufacturer != null ? ManufacturerCa.openOrCreate(manufacturer)
                        : ManufacturerCa.create("keybound simulated card maker"), "KBSIM-" + HexFormat.of().toHexDigits(
                        ThreadLocalRandom.current().nextInt()).toUpperCase(Locale.ROOT));
            } catch (IllegalStateException | UncheckedIOException e) {
                throw new CliException(ExitCode.CONFIG, "Cannot use " + file + ": " + e.getMessage()
                        + ". Move it away to start with a new card, or name another with --state FILE.");
            }
            VpcdBridge bridge;
            try {
                bridge = VpcdBridge.connect(card.simulator(), port);
            } catch (IllegalStateException e) {
                throw new CliException(ExitCode.TOKEN_ABSENT, "No virtual reader listens on port " + port + ": start pcscd with"
                        + " vsmartcard's vpcd driver (Debian packages pcscd and vsmartcard-vpcd), then run this again.");
            }
            Runtime.getRuntime().addShutdownHook(new Thread(bridge::close, "card-simulate-stop"));
            PrintWriter out = spec.commandLine().getOut();
            out.println("Simulated keybound card " + card.serial() + " is in the virtual reader (vpcd port " + port + ");"
                    + " kept in " + file + ". Use it with --card pcsc. Stop with Ctrl-C.");
            out.println("SIMULATION ONLY: " + file + " holds the card's private keys unprotected.");
            out.flush();
            bridge.awaitRemoval();
            return ExitCode.OK;
        }

        private static Path defaultState(Map<String, String> environment) {
            return Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")), ".keybound", "simulated-card.state");
        }
    }
}

package keybound.cli.bank;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import keybound.cli.CliException;
import keybound.cli.ExitCode;
import keybound.cli.Secrets;
import keybound.server.ConfigSource;
import keybound.server.wiring.BankAssembly;

/**
 * The bank's configuration, the very file {@code keybound server} runs from (keys in
 * docs/server.md): the server's {@link ConfigSource}, each key overridable by {@code KEYBOUND_<KEY>}.
 * PINs and keys never sit in it: the CA PIN, the card-sealing key and the database password come
 * from the environment (the CA PIN also from the console).
 */
public record BankConfig(Path file, ConfigSource settings, Map<String, String> environment) {

    /** The file named by {@code --config}, else {@code KEYBOUND_CONFIG}. */
    public static BankConfig load(Path file, Map<String, String> environment) {
        if (file == null) {
            String named = environment.get("KEYBOUND_CONFIG");
            if (named == null) {
                throw new CliException(ExitCode.CONFIG, "No configuration: pass --config FILE or set KEYBOUND_CONFIG"
                        + " (see README, \"Using the station\").");
            }
            file = Path.of(named);
        }
        if (!Files.isRegularFile(file)) {
            throw new CliException(ExitCode.CONFIG, "Configuration file " + file + " does not exist.");
        }
        return new BankConfig(file, ConfigSource.open(file, environment), environment);
    }

    /** The bank of this configuration, as the server assembles it; the CA PIN from the environment or the console. */
    public BankAssembly assemble(Secrets secrets, Clock clock) {
        return BankAssembly.of(settings, environment, clock, () -> secrets.read("ca-pin", "CA token PIN"));
    }
}

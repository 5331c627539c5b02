package keybound.cli.bank;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import keybound.cli.CliException;
import keybound.cli.ExitCode;
import keybound.issuer.IssuerConfig;
import keybound.server.ConfigSource;
import keybound.server.ServerConfig;
import keybound.server.issuer.CaSettings;
import keybound.server.issuer.IssuerSettings;

/**
 * The bank's configuration, the very file {@code keybound server} runs from (keys in
 * docs/server.md): the server's {@link ConfigSource}, each key overridable by {@code KEYBOUND_<KEY>}.
 * PINs and keys never sit in it: the CA PIN, the card-sealing key and the database password come
 * from the environment (the CA PIN also from the console).
 */
public record BankConfig(Path file, ConfigSource settings, ServerConfig server, Map<String, String> environment) {

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
        var settings = ConfigSource.open(file, environment);
        return new BankConfig(file, settings, settings.serverConfig(), environment);
    }

    public Path dataDirectory() {
        return server.storage().dataDirectory();
    }

    /** Where {@code create-ca} writes root.pem and issuing.pem, and the server reads them. */
    public Path caCertificates() {
        return CaSettings.certificateDirectory(settings, dataDirectory());
    }

    public Path caModule() {
        return Path.of(settings.text("ca.module").orElseThrow(() ->
                new CliException(ExitCode.CONFIG, "ca.module (the CA token's PKCS#11 library) is missing in " + file + ".")));
    }

    public String caToken() {
        return settings.text("ca.token-label").orElseThrow(() ->
                new CliException(ExitCode.CONFIG, "ca.token-label (the CA token's label) is missing in " + file + "."));
    }

    /** The label {@code create-ca} gives the issuing CA's key; the server signs with the key CaSettings.keyLabel names. */
    public String issuingKeyLabel() {
        return settings.text("ca.key-label").orElse("issuing");
    }

    /**
     * The issuer's settings exactly as the server derives them ({@link IssuerSettings}); a missing
     * or malformed setting is a {@link keybound.server.ConfigException} naming its key.
     */
    public IssuerConfig issuerConfig() {
        return IssuerSettings.read(settings, server, environment);
    }
}

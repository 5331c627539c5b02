package keybound.cli.bank;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import keybound.cli.CliException;
import keybound.cli.ExitCode;
import keybound.credentials.HashParameters;

/**
 * The bank operator's configuration: one properties file, each key overridable by
 * {@code KEYBOUND_<KEY>} (dots and dashes as underscores), the server's convention. PINs and
 * passwords are never in it: they come from the environment or the console.
 *
 * @param dataDirectory H2 registry, CA chain and card-sealing key live here
 * @param jdbcUrl a PostgreSQL registry instead of H2 (user in {@code jdbc.user}, password in KEYBOUND_JDBC_PASSWORD)
 * @param caModule the PKCS#11 library holding the CA key
 * @param caToken the label of the CA's token
 * @param caKeyLabel the label of the key that signs customer certificates
 */
public record BankConfig(Path dataDirectory, Optional<String> jdbcUrl, String jdbcUser, Path caModule, String caToken,
                         String caKeyLabel, HashParameters hashing, URI crlUrl, URI ocspUrl) {

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
        var properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.CONFIG, "Configuration file " + file + " does not exist.");
        } catch (IOException e) {
            throw new CliException(ExitCode.CONFIG, "Cannot read configuration file " + file + ".");
        }
        return read(key -> {
            String value = environment.get(environmentName(key));
            if (value == null) {
                value = properties.getProperty(key);
            }
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
        }, file);
    }

    public static String environmentName(String key) {
        return "KEYBOUND_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static BankConfig read(java.util.function.Function<String, Optional<String>> text, Path file) {
        Path base = file.toAbsolutePath().getParent();
        Path data = base.resolve(text.apply("data.dir").orElse("data"));
        String hashing = text.apply("secrets.hashing").orElse("production");
        HashParameters parameters = switch (hashing) {
            case "production" -> HashParameters.production();
            case "testing" -> HashParameters.testing();
            default -> throw new CliException(ExitCode.CONFIG, "secrets.hashing in " + file + " must be production or testing.");
        };
        String caToken = text.apply("ca.token").orElseThrow(() ->
                new CliException(ExitCode.CONFIG, "ca.token (the CA token's label) is missing in " + file + "."));
        int port = 8443;
        return new BankConfig(data, text.apply("jdbc.url"), text.apply("jdbc.user").orElse("keybound"),
                Path.of(text.apply("ca.module").orElse("/usr/lib/softhsm/libsofthsm2.so")), caToken,
                text.apply("ca.key").orElse("issuing"), parameters,
                uri(text.apply("ca.crl-url").orElse("https://127.0.0.1:" + port + "/crl"), "ca.crl-url", file),
                uri(text.apply("ca.ocsp-url").orElse("https://127.0.0.1:" + port + "/ocsp"), "ca.ocsp-url", file));
    }

    private static URI uri(String value, String key, Path file) {
        try {
            return URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.CONFIG, key + " in " + file + " is not a URL.");
        }
    }

    public Path caChainFile() {
        return dataDirectory.resolve("ca-chain.pem");
    }

    public Path cardSealingKeyFile() {
        return dataDirectory.resolve("card-sealing.key");
    }
}

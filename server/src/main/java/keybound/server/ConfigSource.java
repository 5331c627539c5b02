package keybound.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import keybound.logon.LogonPolicy;
import keybound.logon.session.SessionPolicy;

/**
 * Reads {@link ServerConfig} from one properties file, each key overridable by an environment
 * variable: {@code KEYBOUND_} + the key upper-cased with dots and dashes turned into underscores
 * ({@code listen.port} → {@code KEYBOUND_LISTEN_PORT}). Keep passwords in the environment.
 * The keys and defaults are listed in {@code docs/server.md}.
 */
public final class ConfigSource {

    static final String TRUSTSTORE_PATH = "tls.truststore.path";
    static final String PURGE_SECONDS = "logon.purge-seconds";

    private final Properties file;
    private final Map<String, String> environment;

    private ConfigSource(Properties file, Map<String, String> environment) {
        this.file = file;
        this.environment = environment;
    }

    /** Reads {@code file} (UTF-8), then applies overrides from {@code environment}. */
    public static ServerConfig load(Path file, Map<String, String> environment) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("file", "cannot read " + file, e);
        }
        return new ConfigSource(properties, Map.copyOf(environment)).read();
    }

    /**
     * The same file and environment, for settings other parts read (the issuer backend's
     * {@code ca.*}, {@code secrets.*}, {@code card.*}, {@code backoffice.*} keys).
     */
    public static ConfigSource open(Path file, Map<String, String> environment) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("file", "cannot read " + file, e);
        }
        return new ConfigSource(properties, Map.copyOf(environment));
    }

    /** The server's own settings from this source. */
    public ServerConfig serverConfig() {
        return read();
    }

    /** The environment variable that overrides {@code key}. */
    public static String environmentName(String key) {
        return "KEYBOUND_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private ServerConfig read() {
        String dataDir = text("data.dir").orElse("data");
        var storage = new Storage(Path.of(dataDir), text("jdbc.url"));
        var sessions = new SessionPolicy(minutes("session.idle-minutes", 10), minutes("session.absolute-minutes", 480));
        var logon = new LogonPolicy(seconds("logon.challenge-seconds", 60), seconds("logon.second-step-seconds", 180),
                integer("logon.card-cells", 2, 1, 10), sessions);
        return new ServerConfig(text("listen.host").orElse("127.0.0.1"), integer("listen.port", 8443, 0, 65535),
                text("origin"), storage, keyMaterial("tls.keystore", true).orElseThrow(),
                keyMaterial("tls.truststore", false), clientAuth(), integer("http.max-body-bytes", 16 * 1024, 256, 1 << 24),
                integer("lockout.limit", 5, 1, 100), Duration.ofDays(integer("acquisition.window-days", 80, 1, 3650)),
                logon, seconds("shutdown.grace-seconds", 10), seconds(PURGE_SECONDS, 60), ClientLimits.read(this));
    }

    /** A setting, the environment first; empty when unset or blank. */
    public Optional<String> text(String key) {
        String value = environment.get(environmentName(key));
        if (value == null) {
            value = file.getProperty(key);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** A whole-number setting within [min, max]; {@code fallback} when unset. */
    public int integer(String key, int fallback, int min, int max) {
        Optional<String> value = text(key);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.get());
            if (parsed < min || parsed > max) {
                throw new ConfigException(key, "must be between " + min + " and " + max);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "not a whole number");
        }
    }

    private Duration seconds(String key, int fallback) {
        return Duration.ofSeconds(integer(key, fallback, 1, 86_400));
    }

    private Duration minutes(String key, int fallback) {
        return Duration.ofMinutes(integer(key, fallback, 1, 10_080));
    }

    /**
     * With {@code tls.auto=true} (the issuer backend issues the server certificate and writes the
     * bank CA trust store at start-up) the stores default to files under the data directory.
     */
    private Optional<String> defaultStore(String prefix) {
        if (!text("tls.auto").map(Boolean::parseBoolean).orElse(false)) {
            return Optional.empty();
        }
        Path data = Path.of(text("data.dir").orElse("data"));
        return Optional.of(data.resolve(prefix.equals("tls.keystore") ? "server-tls.p12" : "bank-ca-trust.p12").toString());
    }

    private ClientAuth clientAuth() {
        String value = text("tls.client-auth").orElse("want");
        try {
            return ClientAuth.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("tls.client-auth", "must be need, want or none");
        }
    }

    private Optional<KeyMaterial> keyMaterial(String prefix, boolean required) {
        Optional<String> path = text(prefix + ".path").or(() -> defaultStore(prefix));
        if (path.isEmpty()) {
            if (required) {
                throw new ConfigException(prefix + ".path", "required");
            }
            return Optional.empty();
        }
        String password = text(prefix + ".password").or(() -> text("tls.keystore.password"))
                .orElseThrow(() -> new ConfigException(prefix + ".password", "required with " + prefix + ".path"));
        return Optional.of(new KeyMaterial(Path.of(path.get()), text(prefix + ".type").orElse("PKCS12"),
                password.toCharArray()));
    }
}

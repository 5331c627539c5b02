package keybound.server;

import static keybound.server.ConfigKeys.ACQUISITION_WINDOW;
import static keybound.server.ConfigKeys.CARD_CELLS;
import static keybound.server.ConfigKeys.CHALLENGE_SECONDS;
import static keybound.server.ConfigKeys.DATA_DIR;
import static keybound.server.ConfigKeys.JDBC_URL;
import static keybound.server.ConfigKeys.LISTEN_HOST;
import static keybound.server.ConfigKeys.LISTEN_PORT;
import static keybound.server.ConfigKeys.LOCKOUT_LIMIT;
import static keybound.server.ConfigKeys.MAX_BODY_BYTES;
import static keybound.server.ConfigKeys.ORIGIN;
import static keybound.server.ConfigKeys.PURGE_SECONDS;
import static keybound.server.ConfigKeys.SECOND_STEP_SECONDS;
import static keybound.server.ConfigKeys.SESSION_ABSOLUTE;
import static keybound.server.ConfigKeys.SESSION_IDLE;
import static keybound.server.ConfigKeys.SHUTDOWN_DRAIN;
import static keybound.server.ConfigKeys.SHUTDOWN_GRACE;
import static keybound.server.ConfigKeys.TLS_AUTO;
import static keybound.server.ConfigKeys.TLS_CLIENT_AUTH;
import static keybound.server.ConfigKeys.TLS_KEYSTORE_PASSWORD;
import static keybound.server.ConfigKeys.TLS_KEYSTORE_PATH;
import static keybound.server.ConfigKeys.TLS_KEYSTORE_TYPE;
import static keybound.server.ConfigKeys.TLS_TRUSTSTORE_PASSWORD;
import static keybound.server.ConfigKeys.TLS_TRUSTSTORE_PATH;
import static keybound.server.ConfigKeys.TLS_TRUSTSTORE_TYPE;

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
import java.util.TreeSet;
import java.util.regex.Pattern;
import keybound.logon.LogonPolicy;
import keybound.logon.session.SessionPolicy;

/**
 * Reads {@link ServerConfig} from one properties file, each key overridable by an environment
 * variable: {@code KEYBOUND_} + the key upper-cased with dots and dashes turned into underscores
 * ({@code listen.port} → {@code KEYBOUND_LISTEN_PORT}). Keep passwords in the environment.
 * The keys and defaults are listed in {@code docs/server.md}.
 */
public final class ConfigSource {

    private static final Pattern INLINE_COMMENT = Pattern.compile("\\s#");

    private final Properties file;
    private final Map<String, String> environment;

    private ConfigSource(Properties file, Map<String, String> environment) {
        this.file = file;
        this.environment = environment;
    }

    /** Reads {@code file} (UTF-8), then applies overrides from {@code environment}. */
    public static ServerConfig load(Path file, Map<String, String> environment) {
        return open(file, environment).read();
    }

    /**
     * The same file and environment, for settings other parts read (the issuer backend's
     * {@code ca.*}, {@code secrets.*}, {@code card.*}, {@code backoffice.*} keys).
     *
     * @throws ConfigException the file cannot be read, holds a key that is not in {@link ConfigKeys}
     *         (naming the nearest known one), or a value with an inline comment
     */
    public static ConfigSource open(Path file, Map<String, String> environment) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("file", "cannot read " + file, e);
        }
        check(properties);
        return new ConfigSource(properties, Map.copyOf(environment));
    }

    /** Refuses keys nobody reads (a typo would otherwise be ignored silently) and inline comments. */
    private static void check(Properties properties) {
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (!ConfigKeys.isKnown(key)) {
                throw new ConfigException(key, "unknown setting " + key + ConfigKeys.nearest(key)
                        .map(near -> " (did you mean " + near + "?)").orElse(" (the keys are listed in docs/server.md)"));
            }
            // java.util.Properties has no inline comments: "8443  # the port" is the value, comment and all.
            if (INLINE_COMMENT.matcher(properties.getProperty(key)).find()) {
                throw new ConfigException(key, "the value holds ' #', an inline comment, which properties files"
                        + " do not have (it would become part of the value): put the comment on a line of its own");
            }
        }
    }

    /** Where the value of {@code key} comes from: the environment, the file, or neither (the default applies). */
    public Origin origin(String key) {
        if (environment.containsKey(environmentName(key))) {
            return Origin.ENVIRONMENT;
        }
        return file.containsKey(key) ? Origin.FILE : Origin.DEFAULT;
    }

    /** Where a setting's value comes from. */
    public enum Origin {
        FILE, ENVIRONMENT, DEFAULT
    }

    /** Whether {@code name} is set in the environment this source reads (for environment-only secrets). */
    public boolean inEnvironment(String name) {
        return environment.containsKey(name);
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
        String dataDir = text(DATA_DIR).orElse("data");
        var storage = new Storage(Path.of(dataDir), text(JDBC_URL));
        var sessions = new SessionPolicy(minutes(SESSION_IDLE, 10), minutes(SESSION_ABSOLUTE, 480));
        var logon = new LogonPolicy(seconds(CHALLENGE_SECONDS, 60), seconds(SECOND_STEP_SECONDS, 180),
                integer(CARD_CELLS, 2, 1, 10), sessions);
        var keystore = keyMaterial(TLS_KEYSTORE_PATH, TLS_KEYSTORE_TYPE, TLS_KEYSTORE_PASSWORD, true).orElseThrow();
        var truststore = keyMaterial(TLS_TRUSTSTORE_PATH, TLS_TRUSTSTORE_TYPE, TLS_TRUSTSTORE_PASSWORD, false);
        return new ServerConfig(text(LISTEN_HOST).orElse("127.0.0.1"), integer(LISTEN_PORT, 8443, 0, 65535),
                text(ORIGIN), storage, keystore, truststore, clientAuth(), integer(MAX_BODY_BYTES, 16 * 1024, 256, 1 << 24),
                integer(LOCKOUT_LIMIT, 5, 1, 100), Duration.ofDays(integer(ACQUISITION_WINDOW, 80, 1, 3650)),
                logon, new ShutdownPolicy(Duration.ofSeconds(integer(SHUTDOWN_DRAIN, 0, 0, 3_600)), seconds(SHUTDOWN_GRACE, 10)),
                seconds(PURGE_SECONDS, 60), ClientLimits.read(this));
    }

    /** A setting, the environment first; empty when unset or blank. */
    public Optional<String> text(String key) {
        if (!ConfigKeys.isKnown(key)) {
            // A key read but not listed would be refused in the file: list it in ConfigKeys.
            throw new IllegalArgumentException("setting " + key + " is read but not listed in ConfigKeys");
        }
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
    private Optional<String> defaultStore(String pathKey) {
        if (!text(TLS_AUTO).map(Boolean::parseBoolean).orElse(false)) {
            return Optional.empty();
        }
        Path data = Path.of(text(DATA_DIR).orElse("data"));
        return Optional.of(data.resolve(pathKey.equals(TLS_KEYSTORE_PATH) ? "server-tls.p12" : "bank-ca-trust.p12").toString());
    }

    private ClientAuth clientAuth() {
        String value = text(TLS_CLIENT_AUTH).orElse("want");
        try {
            return ClientAuth.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(TLS_CLIENT_AUTH, "must be need, want or none");
        }
    }

    private Optional<KeyMaterial> keyMaterial(String pathKey, String typeKey, String passwordKey, boolean required) {
        Optional<String> path = text(pathKey).or(() -> defaultStore(pathKey));
        if (path.isEmpty()) {
            if (required) {
                throw new ConfigException(pathKey, "required");
            }
            return Optional.empty();
        }
        String password = text(passwordKey).or(() -> text(TLS_KEYSTORE_PASSWORD))
                .orElseThrow(() -> new ConfigException(passwordKey, "required with " + pathKey));
        return Optional.of(new KeyMaterial(Path.of(path.get()), text(typeKey).orElse("PKCS12"), password.toCharArray()));
    }
}

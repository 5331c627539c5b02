package keybound.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The effective configuration as people read it ({@code keybound server --check}): every known key
 * with its value and where that came from (the file, the environment, or the default), passwords
 * masked, then whether each environment-only secret is set. Never a secret's value.
 */
public final class ConfigReport {

    private static final String MASK = "********";

    private ConfigReport() {
    }

    /** One line per key, then one per environment-only secret. */
    public static List<String> lines(ConfigSource source) {
        List<String> lines = new ArrayList<>();
        for (ConfigKeys.Known key : ConfigKeys.known().values()) {
            ConfigSource.Origin origin = source.origin(key.name());
            String value = switch (origin) {
                case DEFAULT -> key.shownDefault().orElse("(unset)");
                case FILE, ENVIRONMENT -> key.secret() ? MASK : source.text(key.name()).orElse("(blank)");
            };
            String from = origin == ConfigSource.Origin.ENVIRONMENT
                    ? "environment " + ConfigSource.environmentName(key.name()) : origin.name().toLowerCase(Locale.ROOT);
            lines.add(row(key.name(), value, from));
        }
        for (Map.Entry<String, String> secret : new TreeMap<>(ConfigKeys.ENVIRONMENT_SECRETS).entrySet()) {
            boolean set = source.inEnvironment(secret.getKey());
            lines.add(row(secret.getKey(), set ? MASK : "(unset)", "environment only: " + secret.getValue()));
        }
        return lines;
    }

    private static String row(String key, String value, String from) {
        return String.format(Locale.ROOT, "  %-32s %-40s %s", key, value, from);
    }
}

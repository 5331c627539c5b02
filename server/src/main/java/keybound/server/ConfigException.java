package keybound.server;

/** A configuration value is missing or malformed. Names the key, never the value. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public ConfigException(String key, String problem) {
        super("configuration " + key + ": " + problem);
        this.key = key;
    }

    public ConfigException(String key, String problem, Throwable cause) {
        super("configuration " + key + ": " + problem, cause);
        this.key = key;
    }

    public String key() {
        return key;
    }
}

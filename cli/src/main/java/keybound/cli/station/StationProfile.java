package keybound.cli.station;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import keybound.cli.CliException;
import keybound.cli.ExitCode;
import keybound.cli.token.TokenChoice;
import keybound.cli.token.TokenOptions;

/**
 * What the station remembers between commands: the bank (address and CA file) and the token or
 * card chosen at acquisition, in {@code $XDG_CONFIG_HOME/keybound/station.properties} (default
 * {@code $HOME/.config/keybound/}), the directory 0700 and the file 0600. Later commands use it
 * when their command line and environment name neither. No secret is ever written here.
 * Without {@code HOME} or {@code XDG_CONFIG_HOME} in the environment there is no profile.
 */
record StationProfile(Path file) {

    static final String FILE_NAME = "station.properties";

    /** The bank and the token, as recorded. Any field may be null. */
    record Recorded(String bank, String bankCa, TokenChoice token) {
    }

    /** The profile of the user whose environment this is, if the environment says where their configuration lives. */
    static Optional<StationProfile> of(Map<String, String> environment) {
        String xdg = environment.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isEmpty()) {
            return Optional.of(new StationProfile(Path.of(xdg, "keybound", FILE_NAME)));
        }
        String home = environment.get("HOME");
        return home == null || home.isEmpty() ? Optional.empty()
                : Optional.of(new StationProfile(Path.of(home, ".config", "keybound", FILE_NAME)));
    }

    /** What {@code environment}'s profile records; empty when there is none. */
    static Recorded load(Map<String, String> environment) {
        return of(environment).flatMap(StationProfile::read).orElse(new Recorded(null, null, null));
    }

    /** Makes {@code options} use the recorded token when the command names none. */
    static void defaultToken(TokenOptions options, Map<String, String> environment) {
        Optional.ofNullable(load(environment).token()).ifPresent(options::orElse);
    }

    Optional<Recorded> read() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        var properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new CliException(ExitCode.CONFIG, "Cannot read the station profile " + file
                    + ": check its owner and mode (0600), or delete it and acquire again.");
        }
        TokenChoice token = new TokenChoice(properties.getProperty("token.module"), properties.getProperty("token.card"),
                properties.getProperty("token.label"), properties.getProperty("token.serial"));
        boolean anyToken = token.module() != null || token.card() != null;
        return Optional.of(new Recorded(properties.getProperty("bank.url"), properties.getProperty("bank.ca"),
                anyToken ? token : null));
    }

    /** Records the bank and the token, replacing what was there (atomically: a reader never sees half a file). */
    void save(String bank, Path bankCa, Optional<TokenChoice> token) {
        var properties = new Properties();
        properties.setProperty("bank.url", bank);
        properties.setProperty("bank.ca", bankCa.toAbsolutePath().toString());
        token.ifPresent(t -> {
            put(properties, "token.module", t.module());
            put(properties, "token.card", t.card());
            put(properties, "token.label", t.label());
            put(properties, "token.serial", t.serial());
        });
        try {
            Path directory = file.getParent();
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            Path temporary = Files.createTempFile(directory, FILE_NAME, ".new",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                properties.store(writer, "keybound station profile: the bank and the token chosen at acquisition"
                        + " (no secrets); options and KEYBOUND_* variables override it");
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CliException(ExitCode.CONFIG, "Cannot write the station profile " + file
                    + ": check that the directory is yours and writable (or set XDG_CONFIG_HOME elsewhere).");
        }
    }

    private static void put(Properties properties, String key, String value) {
        if (value != null) {
            properties.setProperty(key, value);
        }
    }
}

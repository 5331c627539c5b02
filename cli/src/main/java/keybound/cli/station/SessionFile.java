package keybound.cli.station;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The logon session kept between station commands: in {@code $KEYBOUND_STATE_DIR} (default
 * {@code $HOME/.keybound}) as {@code session.properties}, readable by its owner only. The bank binds
 * a session to the certificate it was made with, so the file names that certificate too.
 */
public record SessionFile(Path path) {

    /** What a later command needs to use the session. */
    public record Saved(String bank, String session, String certificateSha256, String holder) {
        @Override
        public String toString() {
            return "Saved[" + bank + ", session hidden, " + holder + "]";
        }
    }

    public static SessionFile of(Map<String, String> environment) {
        String dir = environment.get("KEYBOUND_STATE_DIR");
        String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
        Path base = dir != null ? Path.of(dir) : Path.of(home, ".keybound");
        return new SessionFile(base.resolve("session.properties"));
    }

    public void save(Saved saved) {
        var properties = new Properties();
        properties.setProperty("bank", saved.bank());
        properties.setProperty("session", saved.session());
        properties.setProperty("certificate.sha256", saved.certificateSha256());
        properties.setProperty("holder", saved.holder());
        try {
            Files.createDirectories(path.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.deleteIfExists(path);
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (Writer writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING)) {
                properties.store(writer, "keybound logon session; delete to forget it");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<Saved> load() {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        var properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String session = properties.getProperty("session");
        if (session == null) {
            return Optional.empty();
        }
        return Optional.of(new Saved(properties.getProperty("bank", ""), session,
                properties.getProperty("certificate.sha256", ""), properties.getProperty("holder", "")));
    }

    public void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

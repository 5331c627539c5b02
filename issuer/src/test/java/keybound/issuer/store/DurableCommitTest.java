package keybound.issuer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit {@link Database#inTransaction} returned survives {@code kill -9} of the process on the
 * embedded H2 registry. Before {@code WRITE_DELAY=0}, every kill lost the last few hundred
 * milliseconds of confirmed rows (H2 wrote them to the file in the background half a second later).
 * The writer alternates {@link Database#inTransaction} and {@link Database#inTransactionWithoutSync}:
 * skipping the fsync must not lose a commit to a killed process either.
 */
class DurableCommitTest {

    private static final int KILLS = 3;

    @TempDir
    Path directory;

    @Test
    void everyConfirmedCommitSurvivesKillMinus9() throws Exception {
        long told = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            told = killWriterOnce(false, told);
            try (Database database = Database.h2(directory)) {
                long registered = database.inTransaction(c -> highest(c, ""));
                assertTrue(registered >= told, "confirmed up to " + told + " but the registry holds " + registered);
            }
        }
    }

    /**
     * On a file with H2's write delay (logon state), a commit of {@link Database#inTransaction}
     * survives the kill too: its {@code CHECKPOINT SYNC} writes every commit so far.
     */
    @Test
    void aSyncedCommitOnAWriteDelayFileSurvivesKillMinus9() throws Exception {
        long told = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            told = killWriterOnce(true, told);
            try (Database database = Database.h2WithWriteDelay(directory, "logon", 2)) {
                long kept = database.inTransaction(c -> highest(c, " WHERE MOD(n, 2) = 0"));
                assertTrue(kept >= told, "confirmed up to " + told + " but the file holds " + kept);
                assertEquals("500", setting(database, "WRITE_DELAY"), "H2's own write delay");
            }
        }
    }

    /** Runs the writer until it was killed; the last row it confirmed, above {@code told}. */
    private long killWriterOnce(boolean delayed, long told) throws Exception {
        Process writer = startWriter(delayed);
        long lastThisRun = 0;
        long killAfter = 150 + ThreadLocalRandom.current().nextLong(400);
        try (var lines = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            long firstAt = 0;
            while ((line = lines.readLine()) != null) {
                lastThisRun = Long.parseLong(line);
                firstAt = firstAt == 0 ? System.nanoTime() : firstAt;
                if (System.nanoTime() - firstAt > killAfter * 1_000_000) {
                    // SIGKILL: no shutdown hook, no close. The registry's file lock goes with the
                    // child JVM, so wait until it has really ended before opening the registry.
                    List<ProcessHandle> children = writer.descendants().toList();
                    children.forEach(ProcessHandle::destroyForcibly);
                    writer.destroyForcibly();
                    for (ProcessHandle child : children) {
                        child.onExit().get(60, TimeUnit.SECONDS);
                    }
                    break;
                }
            }
        }
        writer.waitFor();
        assertTrue(lastThisRun > told, "the writer confirmed rows before it was killed");
        return lastThisRun;
    }

    @Test
    void theRegistryDirectoryAndFileAreTheOwnersOnly() throws Exception {
        Path registry = directory.resolve("registry");
        try (Database database = Database.h2(registry)) {
            boolean usable = database.inTransaction(c -> c.isValid(1));
            assertTrue(usable, "the registry opens");
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(registry)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(registry.resolve("issuer.mv.db"))));
        }
    }

    @Test
    void anH2UrlThatDelaysWritesIsRefused() {
        var refused = assertThrows(StoreException.class,
                () -> Database.jdbc("jdbc:h2:file:" + directory.resolve("x") + ";write_delay=500", "sa", ""));
        assertTrue(refused.getMessage().contains("WRITE_DELAY"), refused.getMessage());
    }

    @Test
    void anH2UrlByJdbcGetsTheDurableSetting() {
        try (Database database = Database.jdbc("jdbc:h2:file:" + directory.resolve("y"), "sa", "")) {
            assertEquals("0", setting(database, "WRITE_DELAY"));
        }
    }

    @Test
    void anH2RegistryKeepsEnoughParsedStatementsForALogon() {
        try (Database embedded = Database.h2(directory.resolve("z"));
             Database byUrl = Database.jdbc("jdbc:h2:file:" + directory.resolve("u"), "sa", "");
             Database ownCache = Database.jdbc("jdbc:h2:file:" + directory.resolve("v") + ";QUERY_CACHE_SIZE=16", "sa", "")) {
            assertEquals("64", setting(embedded, "QUERY_CACHE_SIZE"));
            assertEquals("64", setting(byUrl, "QUERY_CACHE_SIZE"));
            assertEquals("16", setting(ownCache, "QUERY_CACHE_SIZE"), "a URL's own setting is kept");
        }
    }

    private static String setting(Database database, String name) {
        return database.inTransaction(connection -> {
            try (var statement = connection.prepareStatement(
                    "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = ?")) {
                statement.setString(1, name);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getString(1);
                }
            }
        });
    }

    /**
     * The writer is a jshell script (test resource {@code durable-commit-writer.jsh}). jshell runs it in a child
     * JVM of its own and relays what it prints, so a kill takes that child first. Its stdin is empty: if the
     * script fails, jshell ends instead of waiting for input, and the test fails on "confirmed rows".
     */
    private Process startWriter(boolean delayed) throws IOException, URISyntaxException {
        URL script = DurableCommitTest.class.getResource("/durable-commit-writer.jsh");
        assertNotNull(script, "the writer script is on the test class path");
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jshell").toString(),
                "-s", "--class-path", testClassPath(),
                "-R-Dwriter.directory=" + directory, "-R-Dwriter.delayed=" + delayed,
                "-J-Djava.util.prefs.userRoot=" + directory.resolve("jshell-preferences"),
                Path.of(script.toURI()).toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    /** Surefire runs tests from a manifest-only jar, whose Class-Path jshell's loader does not follow. */
    private static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private static long highest(Connection connection, String where) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(n), 0) FROM crash_probe" + where)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}

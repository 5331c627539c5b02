package keybound.issuer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit {@link Database#inTransaction} returned survives {@code kill -9} of the process on the
 * embedded H2 registry. Before {@code WRITE_DELAY=0}, every kill lost the last few hundred
 * milliseconds of confirmed rows (H2 wrote them to the file in the background half a second later).
 */
class DurableCommitTest {

    private static final int KILLS = 3;

    @TempDir
    Path directory;

    @Test
    void everyConfirmedCommitSurvivesKillMinus9() throws Exception {
        long told = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Writer.class.getName(), directory.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            long lastThisRun = 0;
            long killAfter = 150 + ThreadLocalRandom.current().nextLong(400);
            try (var lines = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.US_ASCII))) {
                String line;
                long firstAt = 0;
                while ((line = lines.readLine()) != null) {
                    lastThisRun = Long.parseLong(line);
                    firstAt = firstAt == 0 ? System.nanoTime() : firstAt;
                    if (System.nanoTime() - firstAt > killAfter * 1_000_000) {
                        writer.destroyForcibly();   // SIGKILL: no shutdown hook, no close
                        break;
                    }
                }
            }
            writer.waitFor();
            assertTrue(lastThisRun > told, "the writer confirmed rows before it was killed");
            told = lastThisRun;
            try (Database database = Database.h2(directory)) {
                long registered = database.inTransaction(Writer::highest);
                assertTrue(registered >= told, "confirmed up to " + told + " but the registry holds " + registered);
            }
        }
    }

    @Test
    void theRegistryDirectoryAndFileAreTheOwnersOnly() throws Exception {
        Path registry = directory.resolve("registry");
        try (Database database = Database.h2(registry)) {
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
            String delay = database.inTransaction(connection -> {
                try (Statement statement = connection.createStatement();
                     ResultSet rows = statement.executeQuery(
                             "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
                    rows.next();
                    return rows.getString(1);
                }
            });
            assertEquals("0", delay);
        }
    }

    /** The process that is killed: commits one row at a time and prints each number after its commit returned. */
    public static final class Writer {

        public static void main(String[] args) throws Exception {
            try (Database database = Database.h2(Path.of(args[0]))) {
                database.inTransaction(connection -> {
                    try (Statement statement = connection.createStatement()) {
                        return statement.execute("CREATE TABLE IF NOT EXISTS crash_probe (n BIGINT PRIMARY KEY)");
                    }
                });
                for (long n = database.inTransaction(Writer::highest) + 1; ; n++) {
                    long row = n;
                    database.inTransaction(connection -> {
                        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO crash_probe VALUES (?)")) {
                            insert.setLong(1, row);
                            return insert.executeUpdate();
                        }
                    });
                    System.out.println(row);
                    System.out.flush();
                }
            }
        }

        static long highest(Connection connection) throws SQLException {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(n), 0) FROM crash_probe")) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}

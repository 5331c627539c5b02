package keybound.issuer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The H2 registry file as {@code kill -9} would leave it right after a commit returned (H2 writes
 * each commit to the file before returning, and a killed process leaves exactly what it wrote, so a
 * copy of the file taken then is such a crash), opened again by {@link Database#h2}: the commit is
 * there. H2's own open misses it whenever the commit went to a place in the file H2 had not predicted
 * (its header then points one commit too early); {@link H2CrashRecovery} finds it.
 */
class CrashImageTest {

    /** Enough for several unpredicted places: rows of varying size, and closes (which compact the file) in between. */
    private static final int MAX_ROWS = 1500;
    private static final int ROWS_PER_OPEN = 40;
    private static final int IMAGES_WANTED = 3;
    /**
     * H2 reuses the place of a dead commit once it is 45 s old; at once here, so that commits land
     * in gaps (where H2 does not predict them) within a short test as they do in a server that runs.
     */
    private static final String REUSE_AT_ONCE = "SET RETENTION_TIME 0";

    @TempDir
    Path directory;

    @Test
    void everyCommitIsInTheRegistryAfterAKillRightAfterIt() throws Exception {
        Path data = directory.resolve("data");
        List<Long> missedByH2 = new ArrayList<>();
        Database database = Database.h2(data);
        try {
            database.inTransaction(c -> execute(c, "CREATE TABLE crash_image (n BIGINT PRIMARY KEY, filler VARCHAR(4000))"));
            database.inTransaction(c -> execute(c, REUSE_AT_ONCE));
            for (long n = 1; n <= MAX_ROWS && missedByH2.size() < IMAGES_WANTED; n++) {
                long row = n;
                database.inTransaction(c -> write(c, row));
                Path image = directory.resolve("image-" + n).resolve("issuer.mv.db");
                Files.createDirectories(image.getParent());
                Files.copy(data.resolve("issuer.mv.db"), image);
                if (h2FindsNewestCommit(image)) {
                    Files.delete(image);
                } else {
                    missedByH2.add(n);
                }
                if (n % ROWS_PER_OPEN == 0) {
                    database.close();
                    database = Database.h2(data);
                    database.inTransaction(c -> execute(c, REUSE_AT_ONCE));
                }
            }
        } finally {
            database.close();
        }
        assertFalse(missedByH2.isEmpty(), "no crash image on which H2's own open misses the newest commit: nothing was tested");
        for (long n : missedByH2) {
            try (Database reopened = Database.h2(directory.resolve("image-" + n))) {
                assertEquals(n, (long) reopened.inTransaction(CrashImageTest::highest),
                        "killed right after commit " + n + ", the registry holds commits up to");
            }
        }
    }

    @Test
    void aRegistryThisProcessHasOpenIsLeftToIt() {
        try (Database first = Database.h2(directory)) {
            first.inTransaction(c -> execute(c, "CREATE TABLE crash_image (n BIGINT PRIMARY KEY, filler VARCHAR(4000))"));
            first.inTransaction(c -> write(c, 1));
            try (Database second = Database.h2(directory)) {
                assertEquals(1L, (long) second.inTransaction(CrashImageTest::highest));
            }
        }
    }

    /** Whether H2's own open of {@code file} (header and predictions) reaches the newest complete commit a full scan finds. */
    private static boolean h2FindsNewestCommit(Path file) {
        return version(file, false) == version(file, true);
    }

    private static long version(Path file, boolean fullScan) {
        MVStore.Builder builder = new MVStore.Builder().fileName(file.toString()).readOnly();
        try (MVStore store = fullScan ? builder.recoveryMode().open() : builder.open()) {
            return store.getCurrentVersion();
        }
    }

    /** One new row, and a changed older one: old pages die, so later commits can reuse their place. */
    private static Void write(Connection c, long row) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO crash_image VALUES (?, ?)")) {
            insert.setLong(1, row);
            insert.setString(2, "x".repeat((int) (row * 37 % 3000)));
            insert.executeUpdate();
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE crash_image SET filler = ? WHERE n = ?")) {
            update.setString(1, "y".repeat((int) (row * 53 % 2000)));
            update.setLong(2, row / 2);
            update.executeUpdate();
        }
        return null;
    }

    private static Void execute(Connection c, String sql) throws SQLException {
        try (Statement statement = c.createStatement()) {
            statement.execute(sql);
        }
        return null;
    }

    private static long highest(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(n), 0) FROM crash_image")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}

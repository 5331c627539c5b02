package keybound.issuer.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The registry database: a HikariCP pool over H2 (a file under the data directory, the default)
 * or PostgreSQL (by JDBC URL), migrated by Flyway on open. All work goes through
 * {@link #inTransaction}: one transaction, committed if the work returns, rolled back if it throws.
 *
 * <p>A commit that returned is durable on both engines. PostgreSQL fsyncs its WAL at commit. H2's
 * MVStore, left to its defaults, writes committed changes to the file half a second later
 * ({@code WRITE_DELAY}), so a killed process lost the last half second of confirmed writes; the
 * H2 file URL therefore sets {@code WRITE_DELAY=0} (the commit writes its chunk before returning,
 * which survives the process being killed), and each transaction that changed something ends
 * with {@code CHECKPOINT SYNC} (an fsync, which survives the machine stopping), except those run by
 * {@link #inTransactionWithoutSync} (logon state whose loss only means logging on again). Beside an
 * embedded registry, logon state has a file of its own that keeps H2's write delay
 * ({@link #h2WithWriteDelay}). After a crash, H2's own open can miss the newest commits in the
 * file; {@link H2CrashRecovery} finds them first.
 */
public final class Database implements AutoCloseable {

    private static final String H2_FILE = "jdbc:h2:file:";
    private static final String H2_DURABLE = ";WRITE_DELAY=0";
    private static final String H2_FILE_SUFFIX = ".mv.db";
    /**
     * Parsed statements each H2 session keeps (H2's default is 8): one logon runs more distinct
     * statements than that on each pooled connection, so with the default every one was parsed again.
     */
    private static final String H2_QUERY_CACHE = ";QUERY_CACHE_SIZE=64";

    /**
     * The H2 files this JVM has open through a {@code Database}, with how many: such a file is
     * never looked at by {@link H2CrashRecovery}, because closing a second channel on a file drops
     * this process's lock on it (POSIX), and another process could then open the live registry.
     */
    private static final Map<Path, Integer> OPEN_H2_FILES = new HashMap<>();

    private final HikariDataSource pool;
    private final Optional<Path> h2Path;
    private final ReentrantLock commits = new ReentrantLock();
    private final AtomicLong syncs = new AtomicLong();

    private Database(HikariConfig config, Optional<Path> h2Path, boolean issuerSchema) {
        this.h2Path = h2Path;
        config.setAutoCommit(false);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        this.pool = open(config);
        if (!issuerSchema) {
            return;
        }
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration/issuer")
                    .table("issuer_schema_history").load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw new StoreException("cannot migrate the issuer schema", e);
        }
    }

    private static HikariDataSource open(HikariConfig config) {
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            if (RegistryInUseException.isCause(e)) {
                throw new RegistryInUseException("the registry database is open in another process", e);
            }
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new StoreException("cannot open the registry database" + (root.getMessage() == null ? "" : ": " + root.getMessage()), e);
        }
    }

    /** The connection pool's size unless configured ({@code jdbc.pool-size}). */
    public static final int DEFAULT_POOL_SIZE = 8;

    /** An H2 database in {@code dataDirectory/issuer.mv.db}. */
    public static Database h2(Path dataDirectory) {
        return h2(dataDirectory, DEFAULT_POOL_SIZE);
    }

    /** The same, with {@code poolSize} pooled connections. */
    public static Database h2(Path dataDirectory, int poolSize) {
        return openH2(dataDirectory, "issuer", H2_DURABLE, true, poolSize);
    }

    /**
     * An H2 database in {@code dataDirectory/name.mv.db}, empty until its user migrates it, for
     * state that may lose its newest writes with a killed process: logon state, whose loss only
     * means logging on again. H2 keeps its own write delay there (half a second), so a commit
     * writes nothing to the file; with the registry's {@code WRITE_DELAY=0} every commit writes a
     * new chunk, which cost a logon's session row about 180 µs of CPU (docs/benchmarks.md). What
     * must not be lost still goes through {@link #inTransaction}: its {@code CHECKPOINT SYNC}
     * writes and forces every commit made so far.
     */
    public static Database h2WithWriteDelay(Path dataDirectory, String name, int poolSize) {
        return openH2(dataDirectory, name, "", false, poolSize);
    }

    private static Database openH2(Path dataDirectory, String name, String writeDelay, boolean issuerSchema, int poolSize) {
        try {
            OwnerOnlyFiles.directory(dataDirectory.toAbsolutePath());
        } catch (IOException e) {
            throw new StoreException("cannot create the registry directory " + dataDirectory, e);
        }
        var config = new HikariConfig();
        config.setJdbcUrl(H2_FILE + dataDirectory.toAbsolutePath().resolve(name) + ";LOCK_TIMEOUT=10000" + writeDelay
                + H2_QUERY_CACHE);
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(poolSize);
        Path file = dataDirectory.toAbsolutePath().resolve(name + H2_FILE_SUFFIX);
        Database database = open(config, Optional.of(file), issuerSchema);
        try {
            OwnerOnlyFiles.restrict(file);
        } catch (IOException e) {
            database.close();
            throw new StoreException("cannot restrict the registry file to its owner", e);
        }
        return database;
    }

    /**
     * Any database by JDBC URL (PostgreSQL in production). The password is not logged. An H2 file
     * URL gets the same durable commit as {@link #h2}; one that sets its own {@code WRITE_DELAY}
     * is refused, as it would confirm writes a crash can lose.
     */
    public static Database jdbc(String url, String user, String password) {
        return jdbc(url, user, password, DEFAULT_POOL_SIZE);
    }

    /** The same, with {@code poolSize} pooled connections (every node has its own pool: size the database's max_connections for all). */
    public static Database jdbc(String url, String user, String password, int poolSize) {
        var config = new HikariConfig();
        config.setJdbcUrl(durable(url));
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        return open(config, h2File(url), true);
    }

    /** Opens the pool; an H2 file no {@code Database} of this JVM has open is first recovered if a crash left it. */
    private static Database open(HikariConfig config, Optional<Path> h2File, boolean issuerSchema) {
        Optional<Path> file = h2File.map(path -> path.toAbsolutePath().normalize());
        synchronized (OPEN_H2_FILES) {
            file.filter(path -> !OPEN_H2_FILES.containsKey(path)).ifPresent(H2CrashRecovery::recoverIfUnclean);
            Database database = new Database(config, file, issuerSchema);
            file.ifPresent(path -> OPEN_H2_FILES.merge(path, 1, Integer::sum));
            return database;
        }
    }

    /** The {@code .mv.db} file of an H2 file URL. */
    private static Optional<Path> h2File(String url) {
        if (!isH2File(url)) {
            return Optional.empty();
        }
        String name = url.substring(H2_FILE.length());
        int settings = name.indexOf(';');
        String file = (settings < 0 ? name : name.substring(0, settings)) + H2_FILE_SUFFIX;
        // H2 reads a leading ~ as the user's home directory
        return Optional.of(Path.of(file.startsWith("~") ? System.getProperty("user.home") + file.substring(1) : file));
    }

    private static boolean isH2File(String url) {
        return url.regionMatches(true, 0, H2_FILE, 0, H2_FILE.length());
    }

    private static String durable(String url) {
        if (!isH2File(url)) {
            return url;
        }
        if (url.toUpperCase(Locale.ROOT).contains(";WRITE_DELAY=")) {
            throw new StoreException("the registry's H2 URL must not set WRITE_DELAY: keybound sets it to 0 so that "
                    + "every confirmed write survives a crash", null);
        }
        String cache = url.toUpperCase(Locale.ROOT).contains(";QUERY_CACHE_SIZE=") ? "" : H2_QUERY_CACHE;
        return H2_FILE + url.substring(H2_FILE.length()) + H2_DURABLE + cache;
    }

    /** One query on a pooled connection: throws {@link StoreException} when the database cannot answer. */
    public void check() {
        inTransaction(c -> {
            try (var s = c.createStatement(); var rows = s.executeQuery("SELECT 1")) {
                return rows.next();
            }
        });
    }

    /** The database product and version, as its driver reports them (for the server's start line). */
    public String engine() {
        try (Connection connection = pool.getConnection()) {
            var meta = connection.getMetaData();
            return meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
        } catch (SQLException e) {
            throw new StoreException("cannot reach the registry database", e);
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    /** Runs {@code work} in one transaction. */
    public <T> T inTransaction(SqlWork<T> work) {
        return inTransaction(work, true);
    }

    /**
     * Runs {@code work} in one transaction whose commit, on H2, is not forced to the device: for
     * writes whose loss costs a customer only a retry and never grants anything (a pending logon,
     * a new session). On the registry's file it survives the process being killed, not the
     * machine stopping; on a {@link #h2WithWriteDelay} file it may go with a killed process too.
     * The next transaction that fsyncs carries it to the disk. A consumption, a logoff, a counted
     * failure or anything of the issuer's must use {@link #inTransaction(SqlWork)}.
     */
    public <T> T inTransactionWithoutSync(SqlWork<T> work) {
        return inTransaction(work, false);
    }

    private <T> T inTransaction(SqlWork<T> work, boolean sync) {
        try (Connection connection = pool.getConnection()) {
            try {
                T result = work.run(connection);
                if (h2Path.isPresent() && wrote(connection)) {
                    commitAlone(connection, sync);
                } else {
                    connection.commit();
                }
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollback(connection, e);
                if (e instanceof SQLException sql) {
                    throw new StoreException("registry transaction failed: " + sql.getMessage(), sql);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot reach the registry database: " + e.getMessage(), e);
        }
    }

    /**
     * Whether this H2 transaction changed anything ({@code TRANSACTION_ID()} is null until it
     * does): an fsync after a read-only transaction would cost as much as after a write, and
     * logon and OCSP read far more often than anything writes.
     */
    private static boolean wrote(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT TRANSACTION_ID()")) {
            return rows.next() && rows.getObject(1) != null;
        }
    }

    /**
     * Commits an H2 write transaction (and forces the file to the device if {@code sync}), one at a time.
     * H2 writes its file from whichever thread commits, and that write takes its tables one after
     * the other while other transactions go on: one that was committing meanwhile could land in the
     * file half applied (seen after a kill: a certificate row without its audit entry, which stayed
     * uncommitted for good). Holding {@link #commits} keeps every commit, and the file write it
     * triggers, clear of the others.
     */
    private void commitAlone(Connection connection, boolean sync) throws SQLException {
        commits.lock();
        try {
            connection.commit();
            if (sync) {
                sync(connection);
            }
        } finally {
            commits.unlock();
        }
    }

    /** Forces H2's file to the device. */
    private void sync(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT SYNC");
        }
        syncs.incrementAndGet();
    }

    /** How many times this registry forced its H2 file to the device since it was opened (none on PostgreSQL, whose commits fsync). */
    public long syncs() {
        return syncs.get();
    }

    private static void rollback(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        pool.close();
        synchronized (OPEN_H2_FILES) {
            h2Path.ifPresent(path -> OPEN_H2_FILES.computeIfPresent(path, (open, count) -> count == 1 ? null : count - 1));
        }
    }
}

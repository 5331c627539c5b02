package keybound.issuer.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The registry database: a HikariCP pool over H2 (a file under the data directory, the default)
 * or PostgreSQL (by JDBC URL), migrated by Flyway on open. All work goes through
 * {@link #inTransaction}: one transaction, committed if the work returns, rolled back if it throws.
 */
public final class Database implements AutoCloseable {

    private final HikariDataSource pool;

    private Database(HikariConfig config) {
        config.setAutoCommit(false);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        this.pool = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration/issuer")
                    .table("issuer_schema_history").load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw new StoreException("cannot migrate the issuer schema", e);
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
        var config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:file:" + dataDirectory.toAbsolutePath().resolve("issuer") + ";LOCK_TIMEOUT=10000");
        config.setUsername("sa");
        config.setPassword("");
        config.setMaximumPoolSize(poolSize);
        return new Database(config);
    }

    /** Any database by JDBC URL (PostgreSQL in production). The password is not logged. */
    public static Database jdbc(String url, String user, String password) {
        return jdbc(url, user, password, DEFAULT_POOL_SIZE);
    }

    /** The same, with {@code poolSize} pooled connections (every node has its own pool: size the database's max_connections for all). */
    public static Database jdbc(String url, String user, String password, int poolSize) {
        var config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        return new Database(config);
    }

    /** One query on a pooled connection: throws {@link StoreException} when the database cannot answer. */
    public void check() {
        inTransaction(c -> {
            try (var s = c.createStatement(); var rows = s.executeQuery("SELECT 1")) {
                return rows.next();
            }
        });
    }

    public DataSource dataSource() {
        return pool;
    }

    /** Runs {@code work} in one transaction. */
    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection connection = pool.getConnection()) {
            try {
                T result = work.run(connection);
                connection.commit();
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
    }
}

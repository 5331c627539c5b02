package keybound.server.store;

import java.nio.file.Path;
import java.util.UUID;
import keybound.issuer.store.Database;
import keybound.testkit.postgres.PostgresServer;

/** The two registry engines the server's database tests run on; PostgreSQL is a real server, never skipped. */
public enum Registry {
    H2 {
        @Override
        public String jdbcUrl() {
            return "jdbc:h2:file:" + Path.of("target", "h2", UUID.randomUUID().toString()).toAbsolutePath().resolve("issuer")
                    + ";LOCK_TIMEOUT=10000";
        }

        @Override
        public String user() {
            return "sa";
        }
    },
    POSTGRESQL {
        @Override
        public String jdbcUrl() {
            return PostgresServer.shared().createDatabase("server");
        }

        @Override
        public String user() {
            return PostgresServer.SUPERUSER;
        }
    };

    /** A fresh, empty database's URL. */
    public abstract String jdbcUrl();

    /** The database user the tests connect as (no password). */
    public abstract String user();

    /** Opens (and migrates the issuer's schema in) the database at {@code url}; may be called again after closing. */
    public Database open(String url) {
        return Database.jdbc(url, user(), "");
    }

    /** A fresh, migrated registry. */
    public Database open() {
        return open(jdbcUrl());
    }
}

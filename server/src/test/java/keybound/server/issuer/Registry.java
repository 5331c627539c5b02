package keybound.server.issuer;

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
        public Database open(String url) {
            return Database.jdbc(url, "sa", "");
        }
    },
    POSTGRESQL {
        @Override
        public String jdbcUrl() {
            return PostgresServer.shared().createDatabase("server");
        }

        @Override
        public Database open(String url) {
            return Database.jdbc(url, PostgresServer.SUPERUSER, "");
        }
    };

    /** A fresh, empty database's URL. */
    public abstract String jdbcUrl();

    /** Opens (and migrates the issuer's schema in) the database at {@code url}; may be called again after closing. */
    public abstract Database open(String url);

    /** A fresh, migrated registry. */
    public Database open() {
        return open(jdbcUrl());
    }
}

package keybound.issuer.support;

import java.nio.file.Path;
import java.util.UUID;
import keybound.issuer.store.Database;
import keybound.testkit.postgres.PostgresServer;

/** The two registry engines every issuer test runs on. PostgreSQL is a real server (Debian's binaries), never skipped. */
public enum Engine {
    H2 {
        @Override
        public Database open() {
            return Database.h2(freshDirectory());
        }

        @Override
        public Database openCounted() {
            CountingDriver.instance();
            return Database.jdbc(CountingDriver.PREFIX + "jdbc:h2:file:" + freshDirectory().toAbsolutePath().resolve("issuer")
                    + ";LOCK_TIMEOUT=10000;WRITE_DELAY=0", "sa", "");
        }
    },
    POSTGRESQL {
        @Override
        public Database open() {
            var server = PostgresServer.shared();
            return Database.jdbc(server.createDatabase("issuer"), PostgresServer.SUPERUSER, "");
        }

        @Override
        public Database openCounted() {
            CountingDriver.instance();
            var server = PostgresServer.shared();
            return Database.jdbc(CountingDriver.PREFIX + server.createDatabase("issuer"), PostgresServer.SUPERUSER, "");
        }
    };

    /** A fresh, migrated, empty registry. */
    public abstract Database open();

    /** The same, through {@link CountingDriver}, which counts the transactions and statements run on it. */
    public abstract Database openCounted();

    private static Path freshDirectory() {
        return Path.of("target", "h2", UUID.randomUUID().toString());
    }
}

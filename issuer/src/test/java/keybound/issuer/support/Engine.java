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
            return Database.h2(Path.of("target", "h2", UUID.randomUUID().toString()));
        }
    },
    POSTGRESQL {
        @Override
        public Database open() {
            var server = PostgresServer.shared();
            return Database.jdbc(server.createDatabase("issuer"), PostgresServer.SUPERUSER, "");
        }
    };

    /** A fresh, migrated, empty registry. */
    public abstract Database open();
}

package keybound.server.store;

import keybound.issuer.store.Database;
import org.flywaydb.core.Flyway;

/**
 * The logon tables (sessions, challenges, pending logons), migrated by Flyway with their own
 * history table: beside the issuer's in one database on PostgreSQL, or in a file of their own
 * beside an embedded registry ({@code BankAssembly.logonDatabase}).
 */
final class LogonSchema {

    private LogonSchema() {
    }

    static void migrate(Database database) {
        Flyway.configure().dataSource(database.dataSource()).locations("classpath:db/migration/logon")
                .table("flyway_logon_history").baselineOnMigrate(true).baselineVersion("0").load().migrate();
    }
}

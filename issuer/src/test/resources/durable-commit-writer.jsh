// The process DurableCommitTest kills with SIGKILL: it commits one row a transaction through the
// registry's Database and prints each number only after its commit returned. Every other commit
// skips the fsync (inTransactionWithoutSync, for logon state): it must survive the kill all the same.
// With -R-Dwriter.delayed=true it writes to a Database.h2WithWriteDelay file instead, and prints
// only the rows of inTransaction: those must survive, the others may be lost.
// Run by jshell with --class-path <test class path> -R-Dwriter.directory=<registry directory>.
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import keybound.issuer.store.Database;
import keybound.issuer.store.SqlWork;

boolean delayed = Boolean.getBoolean("writer.delayed");
Path directory = Path.of(System.getProperty("writer.directory"));
var database = delayed ? Database.h2WithWriteDelay(directory, "logon", 2) : Database.h2(directory);
database.inTransaction(connection -> {
    try (Statement statement = connection.createStatement()) {
        return statement.execute("CREATE TABLE IF NOT EXISTS crash_probe (n BIGINT PRIMARY KEY)");
    }
});
long first = database.inTransaction(connection -> {
    try (Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(n), 0) FROM crash_probe")) {
        rows.next();
        return rows.getLong(1);
    }
}) + 1;
for (long n = first; ; n++) {
    long row = n;
    SqlWork<Integer> insertRow = connection -> {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO crash_probe VALUES (?)")) {
            insert.setLong(1, row);
            return insert.executeUpdate();
        }
    };
    if (row % 2 == 0) {
        database.inTransaction(insertRow);
    } else {
        database.inTransactionWithoutSync(insertRow);
        if (delayed) {
            continue;
        }
    }
    System.out.println(row);
    System.out.flush();
}

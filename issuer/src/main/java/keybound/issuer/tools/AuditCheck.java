package keybound.issuer.tools;

import java.io.PrintStream;
import java.nio.file.Path;
import keybound.issuer.audit.AuditVerification;
import keybound.issuer.audit.AuditVerifier;
import keybound.issuer.store.Database;

/**
 * Verifies the registry's audit chain and names the first broken entry.
 *
 * <pre>
 *   AuditCheck --h2 &lt;data directory&gt;
 *   AuditCheck --jdbc &lt;url&gt; --user &lt;name&gt;      (password from KEYBOUND_DB_PASSWORD)
 * </pre>
 *
 * Exit codes: 0 intact, 1 broken, 2 usage.
 */
public final class AuditCheck {

    private AuditCheck() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv("KEYBOUND_DB_PASSWORD"), System.out));
    }

    public static int run(String[] args, String password, PrintStream out) {
        Database database;
        if (args.length == 2 && "--h2".equals(args[0])) {
            database = Database.h2(Path.of(args[1]));
        } else if (args.length == 4 && "--jdbc".equals(args[0]) && "--user".equals(args[2])) {
            database = Database.jdbc(args[1], args[3], password == null ? "" : password);
        } else {
            out.println("usage: AuditCheck --h2 <data directory> | --jdbc <url> --user <name>");
            return 2;
        }
        try (database) {
            AuditVerification result = new AuditVerifier(database).verify();
            if (result.intact()) {
                out.println("audit chain intact: " + result.entriesChecked() + " entries");
                return 0;
            }
            out.println("audit chain broken at entry " + result.firstBrokenSeq().orElseThrow() + ": "
                    + result.problem().orElse("") + " (" + result.entriesChecked() + " entries before it hold)");
            return 1;
        }
    }
}

package keybound.issuer.audit;

import java.util.List;
import java.util.Optional;
import keybound.issuer.store.Database;

/**
 * Walks the audit chain from the first entry and names the first entry that does not hold: a
 * gap in the sequence, a previous-hash that does not match the entry before, or an entry whose
 * own hash does not match its fields (edited after the fact), or a log that stops before the
 * head row's last sequence number (entries cut off the end).
 */
public final class AuditVerifier {

    private final Database database;
    private final AuditLog log = new AuditLog();

    public AuditVerifier(Database database) {
        this.database = database;
    }

    public AuditVerification verify() {
        return database.inTransaction(c -> check(log.entries(c), log.head(c)));
    }

    static AuditVerification check(List<AuditEntry> entries, AuditLog.Head head) {
        String previous = AuditEntry.GENESIS;
        long expectedSeq = 1;
        long checked = 0;
        for (AuditEntry entry : entries) {
            if (entry.seq() != expectedSeq) {
                return broken(checked, expectedSeq, "entry " + expectedSeq + " is missing");
            }
            if (!entry.previousHash().equals(previous)) {
                return broken(checked, entry.seq(), "previous hash does not match entry " + (entry.seq() - 1));
            }
            if (!entry.hashMatches()) {
                return broken(checked, entry.seq(), "entry hash does not match its contents");
            }
            previous = entry.entryHash();
            expectedSeq++;
            checked++;
        }
        // entries cut off the end leave a chain that holds; the head row still knows how far it went
        if (head.seq() != checked || !head.entryHash().equals(previous)) {
            return broken(checked, checked + 1, "the log ends at entry " + checked + " but the head records entry " + head.seq());
        }
        return new AuditVerification(checked, Optional.empty(), Optional.empty());
    }

    private static AuditVerification broken(long checked, long seq, String problem) {
        return new AuditVerification(checked, Optional.of(seq), Optional.of(problem));
    }
}

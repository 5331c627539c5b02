package keybound.issuer;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import keybound.issuer.audit.AuditEvent;
import keybound.issuer.audit.AuditLog;
import keybound.issuer.store.Database;

/**
 * Refusals of callers who have not proven a secret (an unknown, locked or closed account at
 * acquisition, a malformed CSR) are audited as one counted summary per minute instead of a row
 * each: a flood cannot grow the audit chain faster than one row a minute, and the IDs it
 * chose are never written. A minute's summary is written when the first refusal of a later
 * minute arrives (so the last minute before a stop is only in the log).
 */
final class UnauthenticatedDenials {

    static final String SUBJECT = "unauthenticated";

    private final Database database;
    private final Clock clock;
    private final AuditLog audit = new AuditLog();
    private final Map<String, Long> counts = new TreeMap<>();
    private long minute = Long.MIN_VALUE;

    UnauthenticatedDenials(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Counts one refusal of kind {@code reason} (a refusal class name, never a value the caller chose). */
    void count(String reason) {
        Instant now = clock.instant();
        String summary = null;
        synchronized (this) {
            long current = Math.floorDiv(now.getEpochSecond(), 60);
            if (current != minute) {
                if (!counts.isEmpty()) {
                    summary = "minute=" + Instant.ofEpochSecond(minute * 60) + " " + counts.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
                }
                counts.clear();
                minute = current;
            }
            counts.merge(reason, 1L, Long::sum);
        }
        if (summary != null) {
            String detail = summary;
            database.inTransaction(c -> audit.append(c, now, AuditEvent.DENIED, SUBJECT, detail));
        }
    }
}

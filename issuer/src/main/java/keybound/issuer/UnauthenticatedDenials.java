package keybound.issuer;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import keybound.issuer.audit.AuditEvent;
import keybound.issuer.audit.AuditLog;
import keybound.issuer.store.Database;
import keybound.issuer.store.UnattributedRefusals;

/**
 * Refusals of callers who have not proven a secret (an unknown, locked or closed account at
 * acquisition, a malformed CSR) are audited as one counted summary per minute instead of a row
 * each: a flood cannot grow the audit chain faster than one row a minute, and the IDs it
 * chose are never written. A minute's summary is written when the first refusal of a later
 * minute arrives (so the last minute before a stop is only in the log). The summary also gives the
 * minute's durable count of refusals of unknown, locked, closed or suspended accounts
 * ({@link UnattributedRefusals}), which every node and the logon add to.
 */
final class UnauthenticatedDenials {

    static final String SUBJECT = "unauthenticated";
    /** Names the minute's durable count in the registry ({@link UnattributedRefusals}): every node's, logons included. */
    static final String UNATTRIBUTED = "unattributed-all-nodes";

    private final Database database;
    private final Clock clock;
    private final AuditLog audit = new AuditLog();
    private final UnattributedRefusals unattributed = new UnattributedRefusals();
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
        long ended = 0;
        synchronized (this) {
            long current = Math.floorDiv(now.getEpochSecond(), 60);
            if (current != minute) {
                ended = minute;
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
            String counted = summary;
            Instant summarised = Instant.ofEpochSecond(ended * 60);
            database.inTransaction(c -> audit.append(c, now, AuditEvent.DENIED, SUBJECT, counted
                    + " " + UNATTRIBUTED + "=" + unattributed.inMinute(c, summarised)));
        }
    }
}

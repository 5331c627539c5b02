package keybound.issuer.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends to the hash-chained audit log inside the caller's transaction, so an entry exists
 * exactly when the decision it records was committed. Appends lock the single {@code audit_head}
 * row first, which serialises writers and keeps the chain linear.
 */
public final class AuditLog {

    private static final int MAX_DETAIL = 1000;

    public AuditEntry append(Connection c, Instant now, AuditEvent event, String subject, String detail) throws SQLException {
        try (var s = c.prepareStatement("UPDATE audit_head SET seq = seq + 1 WHERE id = 1")) {
            if (s.executeUpdate() != 1) {
                throw new SQLException("audit head row is missing");
            }
        }
        long seq;
        String previous;
        try (var s = c.prepareStatement("SELECT seq, entry_hash FROM audit_head WHERE id = 1"); var rows = s.executeQuery()) {
            rows.next();
            seq = rows.getLong(1);
            previous = rows.getString(2);
        }
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        String cleanDetail = detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail;
        String hash = AuditEntry.hash(seq, at, event, subject, cleanDetail, previous);
        try (var s = c.prepareStatement("INSERT INTO audit_entry (seq, at, event, subject, detail, previous_hash, entry_hash) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.setLong(1, seq);
            s.setObject(2, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            s.setString(3, event.name());
            s.setString(4, subject);
            s.setString(5, cleanDetail);
            s.setString(6, previous);
            s.setString(7, hash);
            s.executeUpdate();
        }
        try (var s = c.prepareStatement("UPDATE audit_head SET entry_hash = ? WHERE id = 1")) {
            s.setString(1, hash);
            s.executeUpdate();
        }
        return new AuditEntry(seq, at, event, subject, cleanDetail, previous, hash);
    }

    /** The chain's head as recorded on every append: the last sequence number and its hash. */
    public Head head(Connection c) throws SQLException {
        try (var s = c.prepareStatement("SELECT seq, entry_hash FROM audit_head WHERE id = 1"); var rows = s.executeQuery()) {
            if (!rows.next()) {
                throw new SQLException("audit head row is missing");
            }
            return new Head(rows.getLong(1), rows.getString(2));
        }
    }

    public record Head(long seq, String entryHash) {
    }

    /** All entries in chain order. */
    public List<AuditEntry> entries(Connection c) throws SQLException {
        try (var s = c.prepareStatement("SELECT seq, at, event, subject, detail, previous_hash, entry_hash FROM audit_entry "
                + "ORDER BY seq"); var rows = s.executeQuery()) {
            List<AuditEntry> out = new ArrayList<>();
            while (rows.next()) {
                out.add(new AuditEntry(rows.getLong(1), rows.getObject(2, OffsetDateTime.class).toInstant(),
                        AuditEvent.valueOf(rows.getString(3)), rows.getString(4), rows.getString(5), rows.getString(6),
                        rows.getString(7)));
            }
            return out;
        }
    }
}

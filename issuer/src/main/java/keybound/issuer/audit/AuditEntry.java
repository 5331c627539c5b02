package keybound.issuer.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One link of the audit chain. {@code entryHash} = SHA-256 over the previous entry's hash and this
 * entry's fields, each length-prefixed so that no two field splits hash alike. Details never hold
 * a secret.
 */
public record AuditEntry(long seq, Instant at, AuditEvent event, String subject, String detail,
                         String previousHash, String entryHash) {

    public static final String GENESIS = "0".repeat(64);

    /** The hash this entry should carry, recomputed from its fields. */
    public static String hash(long seq, Instant at, AuditEvent event, String subject, String detail, String previousHash) {
        var out = new ByteArrayOutputStream();
        for (String field : new String[] {previousHash, Long.toString(seq), at.toString(), event.name(), subject, detail}) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            out.write(bytes.length >>> 24);
            out.write(bytes.length >>> 16);
            out.write(bytes.length >>> 8);
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(out.toByteArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean hashMatches() {
        return hash(seq, at, event, subject, detail, previousHash).equals(entryHash);
    }
}

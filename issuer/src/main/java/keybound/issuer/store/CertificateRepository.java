package keybound.issuer.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import keybound.issuer.ca.RevocationReason;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.Role;
import keybound.issuer.contract.UserId;
import keybound.issuer.enrollment.TokenReport;
import keybound.issuer.policy.AttestationResult;
import keybound.token.TokenKind;

/** Issued certificates: the registry's record of who holds which key until when, and revocations. */
public final class CertificateRepository {

    private static final String COLUMNS = "serial, contract_id, user_id, role, subject, common_name, public_key_sha256, "
            + "token_kind, token_model, token_serial, attestation, attestation_card, not_before, not_after, issued_at, "
            + "status, revocation_reason, revoked_at, replaced_by, der_base64";

    private final CrlStore crls = CrlStore.issuing();

    /** Inserts a new ACTIVE certificate; the serial's primary key makes a duplicate serial fail. */
    public void insert(Connection c, CertificateRecord r) throws SQLException {
        try (var s = c.prepareStatement("INSERT INTO certificate (" + COLUMNS + ") VALUES "
                + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, r.serial());
            s.setString(2, r.contract().value());
            s.setString(3, r.user().map(UserId::value).orElse(null));
            s.setString(4, r.role().name());
            s.setString(5, r.subject());
            s.setString(6, r.commonName());
            s.setString(7, r.publicKeySha256());
            s.setString(8, r.token().kind().name());
            s.setString(9, r.token().model());
            s.setString(10, r.token().serial());
            s.setString(11, r.attestation().outcome().name());
            s.setString(12, r.attestation().cardSerial().orElse(null));
            Sql.setInstant(s, 13, r.notBefore());
            Sql.setInstant(s, 14, r.notAfter());
            Sql.setInstant(s, 15, r.issuedAt());
            s.setString(16, r.status().name());
            s.setString(17, r.revocationReason().map(Enum::name).orElse(null));
            Sql.setInstant(s, 18, r.revokedAt().orElse(null));
            s.setString(19, r.replacedBy().orElse(null));
            s.setString(20, Base64.getEncoder().encodeToString(r.der()));
            s.executeUpdate();
        }
    }

    public Optional<CertificateRecord> find(Connection c, String serial) throws SQLException {
        List<CertificateRecord> found = query(c, "SELECT " + COLUMNS + " FROM certificate WHERE serial = ?", serial);
        return found.stream().findFirst();
    }

    /** The holder's ACTIVE certificates (administrator: {@code user} empty). */
    public List<CertificateRecord> active(Connection c, ContractId contract, Role role, Optional<UserId> user)
            throws SQLException {
        if (user.isPresent()) {
            return query(c, "SELECT " + COLUMNS + " FROM certificate WHERE contract_id = ? AND role = ? AND user_id = ? "
                    + "AND status = 'ACTIVE'", contract.value(), role.name(), user.get().value());
        }
        return query(c, "SELECT " + COLUMNS + " FROM certificate WHERE contract_id = ? AND role = ? AND user_id IS NULL "
                + "AND status = 'ACTIVE'", contract.value(), role.name());
    }

    /**
     * Whether any certificate of {@code role} was ever issued on the contract: one indexed probe,
     * not the contract's certificates read.
     */
    public boolean anyIssued(Connection c, ContractId contract, Role role) throws SQLException {
        try (var s = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM certificate WHERE contract_id = ? AND role = ?)")) {
            s.setString(1, contract.value());
            s.setString(2, role.name());
            try (var rows = s.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }

    public List<CertificateRecord> forContract(Connection c, ContractId contract) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM certificate WHERE contract_id = ? ORDER BY issued_at", contract.value());
    }

    /**
     * ACTIVE → REVOKED, conditionally, so a certificate is revoked once. {@code replacedBy} names
     * the certificate that superseded it, if any.
     */
    public boolean revoke(Connection c, String serial, RevocationReason reason, Instant at, Optional<String> replacedBy)
            throws SQLException {
        try (var s = c.prepareStatement("UPDATE certificate SET status = 'REVOKED', revocation_reason = ?, revoked_at = ?, "
                + "replaced_by = ? WHERE serial = ? AND status = 'ACTIVE'")) {
            s.setString(1, reason.name());
            Sql.setInstant(s, 2, at);
            s.setString(3, replacedBy.orElse(null));
            s.setString(4, serial);
            if (s.executeUpdate() != 1) {
                return false;
            }
        }
        crls.revoked(c); // in the same transaction, so no node serves a CRL without this entry once it commits
        return true;
    }

    /** Revoked certificates that have not yet expired at {@code now}: the CRL's entries. */
    public List<CertificateRecord> revokedUnexpired(Connection c, Instant now) throws SQLException {
        try (var s = c.prepareStatement("SELECT " + COLUMNS + " FROM certificate WHERE status = 'REVOKED' AND not_after > ? "
                + "ORDER BY revoked_at")) {
            Sql.setInstant(s, 1, now);
            return read(s.executeQuery());
        }
    }

    /** ACTIVE certificates whose expiry falls in [from, to). */
    public List<CertificateRecord> activeExpiringBetween(Connection c, Instant from, Instant to) throws SQLException {
        try (var s = c.prepareStatement("SELECT " + COLUMNS + " FROM certificate WHERE status = 'ACTIVE' AND not_after >= ? "
                + "AND not_after < ? ORDER BY not_after")) {
            Sql.setInstant(s, 1, from);
            Sql.setInstant(s, 2, to);
            return read(s.executeQuery());
        }
    }

    public int count(Connection c) throws SQLException {
        try (var s = c.prepareStatement("SELECT COUNT(*) FROM certificate"); var rows = s.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private List<CertificateRecord> query(Connection c, String sql, String... args) throws SQLException {
        try (var s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setString(i + 1, args[i]);
            }
            return read(s.executeQuery());
        }
    }

    private static List<CertificateRecord> read(ResultSet rows) throws SQLException {
        try (rows) {
            List<CertificateRecord> out = new ArrayList<>();
            while (rows.next()) {
                out.add(readOne(rows));
            }
            return out;
        }
    }

    private static CertificateRecord readOne(ResultSet rows) throws SQLException {
        String user = rows.getString("user_id");
        String reason = rows.getString("revocation_reason");
        String card = rows.getString("attestation_card");
        var attestation = new AttestationResult(AttestationResult.Outcome.valueOf(rows.getString("attestation")),
                Optional.ofNullable(card));
        return new CertificateRecord(rows.getString("serial"), new ContractId(rows.getString("contract_id")),
                Optional.ofNullable(user).map(UserId::new), Role.valueOf(rows.getString("role")), rows.getString("subject"),
                rows.getString("common_name"), rows.getString("public_key_sha256").trim(),
                new TokenReport(TokenKind.valueOf(rows.getString("token_kind")), rows.getString("token_model"),
                        rows.getString("token_serial")),
                attestation, Sql.getInstant(rows, "not_before"), Sql.getInstant(rows, "not_after"),
                Sql.getInstant(rows, "issued_at"), CertificateStatus.valueOf(rows.getString("status")),
                Optional.ofNullable(reason).map(RevocationReason::valueOf),
                Optional.ofNullable(Sql.getInstant(rows, "revoked_at")), Optional.ofNullable(rows.getString("replaced_by")),
                Base64.getDecoder().decode(rows.getString("der_base64")));
    }
}

package keybound.issuer;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import keybound.issuer.audit.AuditEvent;
import keybound.issuer.audit.AuditLog;
import keybound.issuer.ca.CertificateAuthority;
import keybound.issuer.ca.EndEntity;
import keybound.issuer.ca.RevocationReason;
import keybound.issuer.ca.SerialNumbers;
import keybound.issuer.contract.BankCode;
import keybound.issuer.contract.Role;
import keybound.issuer.enrollment.TokenReport;
import keybound.issuer.policy.AttestationResult;
import keybound.issuer.policy.CheckedCsr;
import keybound.issuer.policy.CommonNameRule;
import keybound.issuer.policy.ValidityRule;
import keybound.issuer.store.CertificateRecord;
import keybound.issuer.store.CertificateRepository;
import keybound.issuer.store.CertificateStatus;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * The build → sign → persist step, inside the caller's transaction, the same for every issuance
 * (acquisition, renewal, migration): a new serial, the subject by the {@link CommonNameRule}
 * whatever the CSR asked for, the {@link ValidityRule} (never past the CA's end), the CA's
 * signature on the token, the certificate row, the supersession of the holder's active
 * certificates and the audit entries. If anything throws, the transaction rolls back and nothing
 * is recorded.
 */
final class Issuance {

    private final CertificateAuthority ca;
    private final ValidityRule validity;
    private final CommonNameRule commonNames;
    private final SerialNumbers serials = new SerialNumbers();
    private final CertificateRepository certificates = new CertificateRepository();
    private final AuditLog audit = new AuditLog();

    Issuance(CertificateAuthority ca, ValidityRule validity, CommonNameRule commonNames) {
        this.ca = ca;
        this.validity = validity;
        this.commonNames = commonNames;
    }

    /**
     * Issues the applicant's new certificate for the key {@code e}'s rules checked and retires
     * the holder's active ones as superseded by it: one active certificate per holder. The caller
     * holds the contract's row lock. Rows are written before the audit entries: every writer takes
     * the audit head last, so a revocation racing this supersession (certificate row, then head)
     * cannot deadlock with it.
     */
    IssuedCertificate issue(Connection c, Enrollment e, Instant now) throws SQLException {
        List<CertificateRecord> replaced = certificates.active(c, e.contract(), e.role(), e.user());
        String commonName = commonName(e);
        var serial = serials.next();
        var period = validity.apply(now, ca.certificate().getNotAfter().toInstant());
        var name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "JP").addRDN(BCStyle.O, e.bank().name())
                .addRDN(BCStyle.CN, commonName).build();
        X509Certificate certificate = ca.issue(new EndEntity(serial, name, e.csr().keyInfo(), period));
        TokenReport token = e.token();
        AttestationResult attestation = e.attestation();
        var record = new CertificateRecord(SerialNumbers.hex(serial), e.contract(), e.user(), e.role(),
                certificate.getSubjectX500Principal().getName(), commonName, keyHash(e.csr()), token, attestation,
                period.notBefore(), period.notAfter(), now, CertificateStatus.ACTIVE, Optional.empty(), Optional.empty(),
                Optional.empty(), encoded(certificate));
        certificates.insert(c, record);
        List<String> retired = new ArrayList<>();
        for (CertificateRecord old : replaced) {
            if (certificates.revoke(c, old.serial(), RevocationReason.SUPERSEDED, now, Optional.of(record.serial()))) {
                retired.add(old.serial());
            }
        }
        audit.append(c, now, AuditEvent.ISSUED, "serial:" + record.serial(), "cn=" + commonName + " role="
                + e.role() + " token=" + token.kind() + "/" + token.model() + "/" + token.serial() + " attestation="
                + attestation.outcome() + attestation.cardSerial().map(s -> "(" + s + ")").orElse(""));
        for (String old : retired) {
            audit.append(c, now, AuditEvent.REVOKED, "serial:" + old, "reason=SUPERSEDED by=" + record.serial());
        }
        return new IssuedCertificate(certificate, record);
    }

    /** Manual I-2: the administrator's CN is A + bank code; II-1: a user's is A + ニ + bank code. */
    private String commonName(Enrollment e) {
        BankCode bank = e.bank().code();
        return e.role() == Role.ADMINISTRATOR
                ? commonNames.administrator(e.contract(), bank)
                : commonNames.user(e.contract(), e.user().orElseThrow(), bank);
    }

    static String keyHash(CheckedCsr csr) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(csr.publicKey().getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}

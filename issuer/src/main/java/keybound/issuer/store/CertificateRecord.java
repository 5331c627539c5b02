package keybound.issuer.store;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;
import keybound.issuer.ca.RevocationReason;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.Role;
import keybound.issuer.contract.UserId;
import keybound.issuer.enrollment.TokenReport;
import keybound.issuer.policy.AttestationResult;

/** One issued certificate as the registry holds it. {@code serial} is lower-case hex. */
public record CertificateRecord(String serial, ContractId contract, Optional<UserId> user, Role role, String subject,
                                String commonName, String publicKeySha256, TokenReport token,
                                AttestationResult attestation, Instant notBefore, Instant notAfter, Instant issuedAt,
                                CertificateStatus status, Optional<RevocationReason> revocationReason,
                                Optional<Instant> revokedAt, Optional<String> replacedBy, byte[] der) {

    public X509Certificate certificate() {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalStateException("stored certificate does not parse", e);
        }
    }

    /** Active and within its validity at {@code now}. */
    public boolean isCurrent(Instant now) {
        return status == CertificateStatus.ACTIVE && !now.isBefore(notBefore) && now.isBefore(notAfter);
    }

    @Override
    public String toString() {
        return "CertificateRecord[serial=" + serial + ", cn=" + commonName + ", status=" + status + "]";
    }
}

package keybound.issuer;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import keybound.issuer.audit.AuditEvent;
import keybound.issuer.audit.AuditLog;
import keybound.issuer.enrollment.RequestId;
import keybound.issuer.refusal.RequestIdReusedException;
import keybound.issuer.store.CertificateRecord;
import keybound.issuer.store.CertificateRepository;
import keybound.issuer.store.CertificateStatus;
import keybound.issuer.store.IssuanceRequestRepository;

/**
 * Idempotent issuance: a request that carries the client's {@link RequestId} is answered at most
 * once with a new certificate. The id is recorded with the certificate in the issuing transaction;
 * a retry with the same id, the same key and the same holder (its secrets checked again, like any
 * request's) is answered with that certificate. The same id for another key or holder is refused.
 */
final class IssuanceRequests {

    /** The issuing step for a request not answered before; runs in the caller's transaction. */
    interface FreshIssuance {
        IssuedCertificate issue() throws SQLException;
    }

    private final IssuanceRequestRepository requests = new IssuanceRequestRepository();
    private final CertificateRepository certificates = new CertificateRepository();
    private final AuditLog audit = new AuditLog();

    /**
     * The certificate that already answered {@code e}'s request id, if {@code e} is a retry of it.
     *
     * @throws RequestIdReusedException the id answered another key or holder, or its certificate is revoked since
     */
    Optional<CertificateRecord> earlierAnswer(Connection c, Enrollment e) throws SQLException {
        if (e.requestId().isEmpty()) {
            return Optional.empty();
        }
        Optional<String> serial = requests.serial(c, e.requestId().get());
        if (serial.isEmpty()) {
            return Optional.empty();
        }
        CertificateRecord earlier = certificates.find(c, serial.get()).orElseThrow();
        boolean sameHolder = earlier.contract().equals(e.contract()) && earlier.role() == e.role()
                && earlier.user().equals(e.user());
        if (!sameHolder || !earlier.publicKeySha256().equals(Issuance.keyHash(e.csr()))) {
            throw new RequestIdReusedException("this request id was already answered for another key");
        }
        if (earlier.status() != CertificateStatus.ACTIVE) {
            throw new RequestIdReusedException("the certificate issued for this request id is revoked since");
        }
        return Optional.of(earlier);
    }

    /**
     * Answers {@code e} inside the caller's transaction (which holds the contract's row lock, so a
     * concurrent retry waits and then finds this answer): the earlier certificate for a retry,
     * otherwise {@code fresh}'s, recorded under the request id.
     */
    IssuedCertificate once(Connection c, Enrollment e, Instant now, FreshIssuance fresh) throws SQLException {
        Optional<CertificateRecord> earlier = earlierAnswer(c, e);
        if (earlier.isPresent()) {
            CertificateRecord record = earlier.get();
            audit.append(c, now, AuditEvent.ISSUE_REPEATED, "serial:" + record.serial(),
                    "request " + e.requestId().orElseThrow() + " retried: answered with the certificate it was issued");
            return new IssuedCertificate(record.certificate(), record);
        }
        IssuedCertificate issued = fresh.issue();
        if (e.requestId().isPresent()) {
            requests.insert(c, e.requestId().get(), issued.serial(), now);
        }
        return issued;
    }
}

package keybound.logon;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;

/**
 * A certificate as the bank's registry knows it: the account it was issued to, the exact
 * certificate the bank issued (logon verifies signatures with this one's key, never with a key
 * the client sent), and its registry status.
 */
public record RegisteredCertificate(Account account, X509Certificate certificate, RegistryStatus status) {

    public RegisteredCertificate {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(status, "status");
    }

    /** Registry status first (a revoked certificate stays revoked once it expires), then dates. */
    public CertificateStanding standingAt(Instant instant) {
        switch (status) {
            case REVOKED:
                return CertificateStanding.REVOKED;
            case SUPERSEDED:
                return CertificateStanding.SUPERSEDED;
            default:
                break;
        }
        if (instant.isBefore(certificate.getNotBefore().toInstant())) {
            return CertificateStanding.NOT_YET_VALID;
        }
        if (instant.isAfter(certificate.getNotAfter().toInstant())) {
            return CertificateStanding.EXPIRED;
        }
        return CertificateStanding.CURRENT;
    }
}

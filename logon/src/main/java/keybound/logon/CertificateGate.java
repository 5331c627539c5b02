package keybound.logon;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The account check both first proofs end in: the certificate must be one the bank registered,
 * and current now.
 */
final class CertificateGate {

    /** The gate's answer: the registered certificate, or why not. */
    sealed interface Passage {
    }

    record Admitted(RegisteredCertificate registered) implements Passage {
    }

    /** {@code account} is the registered holder, or null when the bank never issued the certificate. */
    record Refused(DenialReason reason, Account account) implements Passage {
    }

    private final AccountDirectory directory;
    private final Clock clock;

    CertificateGate(AccountDirectory directory, Clock clock) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    Passage check(X509Certificate presented) {
        Optional<RegisteredCertificate> found = directory.find(presented);
        if (found.isEmpty()) {
            return new Refused(DenialReason.UNKNOWN_CERTIFICATE, null);
        }
        RegisteredCertificate registered = found.get();
        switch (registered.standingAt(clock.instant())) {
            case CURRENT:
                return new Admitted(registered);
            case REVOKED:
                return new Refused(DenialReason.CERTIFICATE_REVOKED, registered.account());
            case SUPERSEDED:
                return new Refused(DenialReason.CERTIFICATE_SUPERSEDED, registered.account());
            case EXPIRED:
                return new Refused(DenialReason.CERTIFICATE_EXPIRED, registered.account());
            default:
                return new Refused(DenialReason.CERTIFICATE_NOT_YET_VALID, registered.account());
        }
    }
}

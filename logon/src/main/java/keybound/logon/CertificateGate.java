package keybound.logon;

import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;

/**
 * The account check both first proofs end in: the certificate must be one the bank issued,
 * current now, and held by an account of an open contract.
 */
final class CertificateGate {

    /** The gate's answer: the account and its (registry-confirmed) certificate, or why not. */
    sealed interface Passage {
    }

    record Admitted(Account account, X509Certificate certificate) implements Passage {
    }

    record Refused(DenialReason reason) implements Passage {
    }

    private final AccountDirectory directory;

    CertificateGate(AccountDirectory directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    Passage check(X509Certificate presented) {
        CertificateStanding standing = directory.standing(presented);
        if (standing != CertificateStanding.CURRENT) {
            return new Refused(switch (standing) {
                case REVOKED -> DenialReason.CERTIFICATE_REVOKED;
                case SUPERSEDED -> DenialReason.CERTIFICATE_SUPERSEDED;
                case EXPIRED -> DenialReason.CERTIFICATE_EXPIRED;
                case NOT_YET_VALID -> DenialReason.CERTIFICATE_NOT_YET_VALID;
                case HOLDER_SUSPENDED -> DenialReason.ACCOUNT_SUSPENDED;
                default -> DenialReason.UNKNOWN_CERTIFICATE;
            });
        }
        // Revoked or its contract closed since the standing was read: no holder, no logon.
        Optional<Account> holder = directory.holderOf(presented);
        return holder.<Passage>map(account -> new Admitted(account, presented))
                .orElseGet(() -> new Refused(DenialReason.UNKNOWN_CERTIFICATE));
    }
}

package keybound.logon;

import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * The account check both first proofs end in: the certificate must be one the bank issued,
 * current now, and held by an account of an open contract.
 */
final class CertificateGate {

    /** The gate's answer: the account and its (registry-confirmed) certificate, or why not. */
    sealed interface Passage {
    }

    /** {@code locked}: the account is locked now (a logon refuses it before asking for its second step). */
    record Admitted(Account account, X509Certificate certificate, boolean locked) implements Passage {
    }

    record Refused(DenialReason reason) implements Passage {
    }

    private final AccountDirectory directory;
    private final Lockout lockout;

    CertificateGate(AccountDirectory directory, Lockout lockout) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.lockout = Objects.requireNonNull(lockout, "lockout");
    }

    Passage check(X509Certificate presented) {
        CertificateAdmission admission = directory.admission(presented, lockout);
        CertificateStanding standing = admission.standing();
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
        // Current, but its contract closed: no holder, no logon.
        return admission.holder().<Passage>map(account -> new Admitted(account, presented, admission.holderLocked()))
                .orElseGet(() -> new Refused(DenialReason.UNKNOWN_CERTIFICATE));
    }
}

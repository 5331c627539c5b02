package keybound.logon;

import java.util.Objects;
import java.util.Optional;

/**
 * What a logon's first step needs to know about a presented certificate, read together: its
 * standing, its holder (only when {@link CertificateStanding#CURRENT} and the contract open) and
 * whether that holder is locked now.
 */
public record CertificateAdmission(CertificateStanding standing, Optional<Account> holder, boolean holderLocked) {

    public CertificateAdmission {
        Objects.requireNonNull(standing, "standing");
        Objects.requireNonNull(holder, "holder");
    }
}

package keybound.logon.session;

import java.util.Objects;
import java.util.Optional;
import keybound.logon.CertificateFingerprint;

/**
 * The client certificate a session was made with. A request must present the same certificate on
 * its connection; a session made without one (ID/password method) is refused on a connection that
 * presents any.
 */
public record SessionBinding(Optional<CertificateFingerprint> certificate) {

    public SessionBinding {
        Objects.requireNonNull(certificate, "certificate");
    }

    public static SessionBinding to(CertificateFingerprint fingerprint) {
        return new SessionBinding(Optional.of(fingerprint));
    }

    public static SessionBinding noCertificate() {
        return new SessionBinding(Optional.empty());
    }

    public boolean matches(Optional<CertificateFingerprint> presented) {
        return certificate.equals(presented);
    }
}

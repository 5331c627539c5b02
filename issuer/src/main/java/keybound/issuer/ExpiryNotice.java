package keybound.issuer;

import keybound.issuer.store.CertificateRecord;

/** A certificate due its expiry notice: {@code daysLeft} is one of the notice points (40, 30, 10). */
public record ExpiryNotice(CertificateRecord certificate, int daysLeft) {
}

package keybound.issuer.store;

/** A certificate row's status. Expiry is not a status: it follows from {@code not_after} and the clock. */
public enum CertificateStatus {
    ACTIVE, REVOKED
}

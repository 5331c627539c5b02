package keybound.logon;

/** Whether a registered certificate may be used to log on at a given instant. */
public enum CertificateStanding {
    CURRENT,
    REVOKED,
    SUPERSEDED,
    EXPIRED,
    NOT_YET_VALID
}

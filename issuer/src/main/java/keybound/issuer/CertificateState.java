package keybound.issuer;

/**
 * A presented certificate's standing in the registry, as the logon service needs it: only
 * {@link #GOOD} may log on.
 */
public enum CertificateState {
    GOOD,
    /** Revoked for any reason but supersession. */
    REVOKED,
    /** Replaced by a newer certificate (re-key, renewal, migration, a new administrator certificate). */
    SUPERSEDED,
    EXPIRED,
    NOT_YET_VALID,
    /** A current user certificate whose holder the administrator has suspended; may not log on until resumed. */
    SUSPENDED,
    /** Not issued by this CA: unknown serial, or the bytes differ from what was issued. */
    UNKNOWN
}

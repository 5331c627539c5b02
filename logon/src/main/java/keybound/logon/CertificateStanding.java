package keybound.logon;

/** A presented certificate's standing in the bank's registry at one instant; only {@link #CURRENT} logs on. */
public enum CertificateStanding {
    /** Issued by the bank, exactly these bytes, neither revoked nor replaced, inside its validity dates. */
    CURRENT,
    /** Revoked for any reason other than replacement (by the administrator, by the bank). */
    REVOKED,
    /** Retired because a newer certificate was issued for the same account (re-key, migration). */
    SUPERSEDED,
    EXPIRED,
    NOT_YET_VALID,
    /** Issued and current, but its holder is suspended by the contract's administrator. */
    HOLDER_SUSPENDED,
    /** Not issued by the bank: unknown issuer or serial, or the bytes differ from what was issued. */
    UNKNOWN
}

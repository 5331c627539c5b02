package keybound.logon;

/** A certificate's status as the bank's registry records it, apart from its validity dates. */
public enum RegistryStatus {
    /** Issued and neither revoked nor replaced. */
    ACTIVE,
    /** Revoked for any reason other than replacement (by the administrator, by the bank). */
    REVOKED,
    /** Retired because a newer certificate was issued for the same account (re-key, migration). */
    SUPERSEDED
}

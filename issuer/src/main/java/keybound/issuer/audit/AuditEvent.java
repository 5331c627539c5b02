package keybound.issuer.audit;

/** What an audit entry records. */
public enum AuditEvent {
    BANK_REGISTERED, CONTRACT_OPENED, CONTRACT_CLOSED, UNLOCKED,
    USER_REGISTERED, USER_AUTHORISED,
    ISSUED, DENIED, REVOKED,
    WRONG_SECRET, LOCKOUT,
    CRL_GENERATED
}

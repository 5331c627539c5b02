package keybound.issuer.enrollment;

/**
 * RENEWAL: a new certificate for a new key near expiry (opens a configured time before it).
 * MIGRATION: a new key on another token while the current certificate is valid, at any time.
 */
public enum RenewalKind {
    RENEWAL, MIGRATION
}

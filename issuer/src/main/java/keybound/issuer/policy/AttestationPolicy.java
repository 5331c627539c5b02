package keybound.issuer.policy;

/**
 * A bank's stance on key attestation. REQUIRED: only attested card keys get certificates.
 * PREFERRED: a statement, if sent, must verify and match; tokens without one (PKCS#11) are accepted.
 * NONE: statements are ignored.
 */
public enum AttestationPolicy {
    REQUIRED, PREFERRED, NONE
}

package keybound.issuer.ca;

import org.bouncycastle.asn1.x509.CRLReason;

/** Why a certificate was revoked, with its RFC 5280 CRLReason code. */
public enum RevocationReason {
    UNSPECIFIED(CRLReason.unspecified),
    KEY_COMPROMISE(CRLReason.keyCompromise),
    AFFILIATION_CHANGED(CRLReason.affiliationChanged),
    /** Replaced by a newer certificate (re-key, renewal, migration, new administrator certificate). */
    SUPERSEDED(CRLReason.superseded),
    CESSATION_OF_OPERATION(CRLReason.cessationOfOperation),
    PRIVILEGE_WITHDRAWN(CRLReason.privilegeWithdrawn);

    private final int code;

    RevocationReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}

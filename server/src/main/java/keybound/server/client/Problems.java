package keybound.server.client;

/** The problem codes a client may want to branch on (the full list is in docs/server.md). */
public final class Problems {

    private Problems() {
    }

    public static final String CREDENTIALS_REJECTED = "credentials-rejected";
    public static final String ACCOUNT_LOCKED = "account-locked";
    public static final String CERTIFICATE_REVOKED = "certificate-revoked";
    public static final String CERTIFICATE_SUPERSEDED = "certificate-superseded";
    public static final String CERTIFICATE_EXPIRED = "certificate-expired";
    public static final String CERTIFICATE_UNKNOWN = "certificate-unknown";
    public static final String CERTIFICATE_REQUIRED = "certificate-required";
    public static final String SESSION_INVALID = "session-invalid";
    public static final String NOT_PERMITTED = "not-permitted";
    public static final String ACQUISITION_WINDOW_CLOSED = "acquisition-window-closed";
    public static final String NO_AUTHORISATION = "no-authorisation";
    public static final String CSR_TOO_LARGE = "csr-too-large";
    public static final String CSR_MALFORMED = "csr-malformed";
    public static final String CSR_SIGNATURE_INVALID = "csr-signature-invalid";
    public static final String KEY_TOO_WEAK = "key-too-weak";
    public static final String ATTESTATION_REQUIRED = "attestation-required";
    public static final String ATTESTATION_INVALID = "attestation-invalid";
    public static final String USER_LIMIT_REACHED = "user-limit-reached";
    public static final String OPERATOR_REJECTED = "operator-rejected";
}

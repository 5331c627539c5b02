package keybound.bankapi;

import java.util.Optional;

/**
 * Every error the API answers, one stable code per cause, with the HTTP status it goes with.
 * Server and clients share this list; clients branch on the code, the title is for people.
 * Logon failures share one code on purpose: the client never learns which factor was wrong.
 */
public enum ProblemCode {
    MALFORMED_JSON(400, "malformed-json", "The request body is not valid JSON for this request."),
    UNKNOWN_FIELD(400, "unknown-field", "The request body has a field this request does not take."),
    INVALID_FIELD(400, "invalid-field", "A field is missing or has an invalid value."),
    // Logon. Every wrong secret, PIN or one-time password is CREDENTIALS_REJECTED, whichever factor it was.
    CREDENTIALS_REJECTED(401, "credentials-rejected", "The credentials were not accepted."),
    CERTIFICATE_REQUIRED(401, "certificate-required", "This needs a client certificate on the connection."),
    CERTIFICATE_UNKNOWN(401, "certificate-unknown", "The certificate was not issued by this bank."),
    CERTIFICATE_REVOKED(401, "certificate-revoked", "The certificate is revoked."),
    CERTIFICATE_SUPERSEDED(401, "certificate-superseded", "The certificate was replaced by a newer one."),
    CERTIFICATE_EXPIRED(401, "certificate-expired", "The certificate has expired."),
    CERTIFICATE_NOT_YET_VALID(401, "certificate-not-yet-valid", "The certificate is not valid yet."),
    CERTIFICATE_MISMATCH(401, "certificate-mismatch", "The connection presents another certificate than the logon."),
    CHALLENGE_INVALID(401, "challenge-invalid", "The challenge is unknown or was already used."),
    CHALLENGE_EXPIRED(401, "challenge-expired", "The challenge has expired; ask for a new one."),
    SIGNATURE_INVALID(401, "signature-invalid", "The signature does not verify for this challenge and origin."),
    ATTEMPT_INVALID(401, "attempt-invalid", "The logon attempt is unknown or was already answered."),
    ATTEMPT_EXPIRED(401, "attempt-expired", "The logon attempt has expired; start again."),
    ACCOUNT_LOCKED(403, "account-locked", "The account is locked; the bank must unlock it."),
    NOT_A_USER_CERTIFICATE(403, "not-a-user-certificate",
            "This is not a user's certificate: the administrator logs on in two steps (POST /logon/mtls)."),
    // Acquisition, renewal and administrator operations (the issuer's refusals).
    ACQUISITION_WINDOW_CLOSED(403, "acquisition-window-closed", "The acquisition window has closed; apply again."),
    NO_AUTHORISATION(403, "no-authorisation", "No open certificate authorisation; ask the administrator to issue one."),
    USER_SUSPENDED(403, "user-suspended", "The user is suspended; the administrator can resume the user."),
    CONTRACT_CLOSED(403, "contract-closed", "The contract is closed."),
    CSR_TOO_LARGE(400, "csr-too-large", "The certificate request is too large."),
    CSR_MALFORMED(400, "csr-malformed", "The certificate request is not a valid PKCS#10 request."),
    CSR_SIGNATURE_INVALID(400, "csr-signature-invalid", "The certificate request's signature does not verify."),
    KEY_TOO_WEAK(400, "key-too-weak", "The key is not one the bank accepts (EC P-256 or RSA 2048+)."),
    ATTESTATION_REQUIRED(400, "attestation-required", "The bank requires the card's attestation statement."),
    ATTESTATION_INVALID(400, "attestation-invalid", "The attestation statement does not verify for this key."),
    USER_LIMIT_REACHED(409, "user-limit-reached", "The contract has as many users as it may."),
    USER_UNKNOWN(404, "user-unknown", "The contract has no such user."),
    CONTRACT_UNKNOWN(404, "contract-unknown", "No such contract."),
    RENEWAL_NOT_OPEN(409, "renewal-not-open", "The certificate cannot be renewed now."),
    REQUEST_ID_REUSED(409, "request-id-reused", "This request id was answered for another key; send a new request id."),
    RENEWAL_PROOF_INVALID(401, "renewal-proof-invalid", "The renewal is not signed by the current certificate's key."),
    INVALID_REQUEST(400, "invalid-request", "The request is not valid."),
    OPERATOR_REJECTED(401, "operator-rejected", "Bank operator credentials are missing or wrong."),
    SESSION_INVALID(401, "session-invalid", "No valid session for this connection."),
    NOT_PERMITTED(403, "not-permitted", "This session may not do that."),
    NOT_FOUND(404, "not-found", "No such resource."),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "The resource does not support this method."),
    BODY_TOO_LARGE(413, "body-too-large", "The request body is too large."),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "The request body has the wrong media type."),
    BAD_REQUEST(400, "bad-request", "The request could not be understood."),
    BODY_TIMEOUT(408, "body-timeout", "The request body did not arrive in time."),
    // Over the per-address request rate (limits.*): nothing was done; Retry-After says when to come back.
    TOO_MANY_REQUESTS(429, "too-many-requests", "Too many requests from this address; try again shortly."),
    SERVICE_BUSY(503, "service-busy", "The service is busy; try again shortly."),
    // The bank's token (which checks secrets) cannot be used: nothing was judged or counted.
    SERVICE_UNAVAILABLE(503, "service-unavailable", "The bank's security device is unavailable; try again shortly."),
    INTERNAL_ERROR(500, "internal-error", "The server could not complete the request.");

    private final int status;
    private final String code;
    private final String title;

    ProblemCode(int status, String code, String title) {
        this.status = status;
        this.code = code;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    /** The problem type URI (RFC 9457 {@code type}). */
    public String type() {
        return "urn:keybound:problem:" + code;
    }

    /** The code whose wire form is {@code code}; empty for one this client does not know (a newer bank's). */
    public static Optional<ProblemCode> ofCode(String code) {
        for (ProblemCode candidate : values()) {
            if (candidate.code.equals(code)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The code that answers an HTTP status Jetty chose by itself (bad URI, shutdown, …). */
    public static ProblemCode forStatus(int status) {
        return switch (status) {
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 413 -> BODY_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> TOO_MANY_REQUESTS;
            case 503 -> SERVICE_BUSY;
            default -> status >= 500 ? INTERNAL_ERROR : BAD_REQUEST;
        };
    }
}

package keybound.server.api;

/**
 * Every error the API answers, one stable code per cause. Clients branch on {@link #code()}; the
 * title is for people. Logon failures share one code on purpose: the client never learns which
 * factor was wrong.
 */
public enum ProblemCode {
    MALFORMED_JSON(400, "malformed-json", "The request body is not valid JSON for this request."),
    UNKNOWN_FIELD(400, "unknown-field", "The request body has a field this request does not take."),
    INVALID_FIELD(400, "invalid-field", "A field is missing or has an invalid value."),
    LOGON_DENIED(401, "logon-denied", "Logon was denied."),
    SESSION_INVALID(401, "session-invalid", "No valid session for this connection."),
    NOT_PERMITTED(403, "not-permitted", "This session may not do that."),
    NOT_FOUND(404, "not-found", "No such resource."),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "The resource does not support this method."),
    BODY_TOO_LARGE(413, "body-too-large", "The request body is too large."),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Request bodies must be application/json."),
    BAD_REQUEST(400, "bad-request", "The request could not be understood."),
    SERVICE_BUSY(503, "service-busy", "The service is busy; try again shortly."),
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

    /** The code that answers an HTTP status Jetty chose by itself (bad URI, shutdown, …). */
    public static ProblemCode forStatus(int status) {
        switch (status) {
            case 404:
                return NOT_FOUND;
            case 405:
                return METHOD_NOT_ALLOWED;
            case 413:
                return BODY_TOO_LARGE;
            case 415:
                return UNSUPPORTED_MEDIA_TYPE;
            case 503:
                return SERVICE_BUSY;
            default:
                return status >= 500 ? INTERNAL_ERROR : BAD_REQUEST;
        }
    }
}

package keybound.server.api;

/** What an endpoint answers: a status and a body rendered as JSON (none for 204), or raw {@link Binary} bytes. */
public record ApiResponse(int status, Object body) {

    /** A body sent as is, with its media type (a CRL, an OCSP response). */
    public record Binary(byte[] bytes, String mediaType) {
    }

    public static ApiResponse binary(byte[] bytes, String mediaType) {
        return new ApiResponse(200, new Binary(bytes, mediaType));
    }

    public static ApiResponse ok(Object body) {
        return new ApiResponse(200, body);
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, null);
    }
}

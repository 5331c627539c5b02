package keybound.server.api;

import java.util.List;
import keybound.token.Secret;

/**
 * What an endpoint answers: a status and a body rendered as JSON (none for 204), raw
 * {@link Binary} bytes, or a JSON body with {@link OneTimeSecrets} the server wipes once written.
 */
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

    /** 200 with {@code body}, whose {@link Secret} fields {@code secrets} are closed after rendering. */
    public static ApiResponse withSecrets(Object body, Secret... secrets) {
        return new ApiResponse(200, new OneTimeSecrets(body, List.of(secrets)));
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, null);
    }
}

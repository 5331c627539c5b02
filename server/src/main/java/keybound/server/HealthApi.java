package keybound.server;

import keybound.server.api.ApiResponse;
import keybound.server.api.Router;

/** {@code GET /health}: 200 while the server serves requests. Says nothing else about the bank. */
public final class HealthApi {

    /** The health document. */
    public record Health(String status) {
    }

    private HealthApi() {
    }

    public static void register(Router router) {
        router.get("/health", request -> ApiResponse.ok(new Health("up")));
    }
}

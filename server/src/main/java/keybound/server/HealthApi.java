package keybound.server;

import java.util.Map;
import keybound.server.api.ApiResponse;
import keybound.server.api.Router;

/**
 * Probes for balancers and orchestrators. {@code GET /health/live} (and {@code /health}, its
 * older name): 200 while the server answers requests, touching nothing else, so a slow
 * database never gets a node restarted. {@code GET /health/ready}: 200 when the registry database
 * answers a query and the CA token a session call, 503 naming the check that failed otherwise,
 * so a balancer stops sending traffic to the node until both are back.
 */
public final class HealthApi {

    /** The liveness document. */
    public record Health(String status) {
    }

    /** The readiness document: {@code ready} or {@code not-ready}, and each check's {@code up}/{@code down}. */
    public record Ready(String status, Map<String, String> checks) {
    }

    private HealthApi() {
    }

    public static void register(Router router) {
        router.get("/health", request -> ApiResponse.ok(new Health("up")));
        router.get("/health/live", request -> ApiResponse.ok(new Health("up")));
    }

    static void registerReadiness(Router router, Readiness readiness) {
        router.get("/health/ready", request -> {
            Map<String, String> checks = readiness.probe();
            boolean ready = checks.values().stream().allMatch("up"::equals);
            return new ApiResponse(ready ? 200 : 503, new Ready(ready ? "ready" : "not-ready", checks));
        });
    }
}

package keybound.server.api;

import java.util.HashMap;
import java.util.Map;

/** Exact-path routes by method. No patterns: every resource the API has is listed here. */
public final class Router {

    private final Map<String, Map<String, Endpoint>> routes = new HashMap<>();

    public Router get(String path, Endpoint endpoint) {
        return add("GET", path, endpoint);
    }

    public Router post(String path, Endpoint endpoint) {
        return add("POST", path, endpoint);
    }

    private Router add(String method, String path, Endpoint endpoint) {
        if (routes.computeIfAbsent(path, p -> new HashMap<>()).putIfAbsent(method, endpoint) != null) {
            throw new IllegalStateException("route defined twice: " + method + " " + path);
        }
        return this;
    }

    /** The endpoint for a request; 404 for an unknown path, 405 for a known path and another method. */
    Endpoint route(String method, String path) {
        Map<String, Endpoint> byMethod = routes.get(path);
        if (byMethod == null) {
            throw new ApiProblem(ProblemCode.NOT_FOUND);
        }
        Endpoint endpoint = byMethod.get(method);
        if (endpoint == null) {
            throw new ApiProblem(ProblemCode.METHOD_NOT_ALLOWED);
        }
        return endpoint;
    }
}

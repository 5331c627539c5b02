package keybound.server.api;

import java.util.HashMap;
import java.util.Map;
import keybound.bankapi.ProblemCode;

/** Exact-path routes by method. No patterns: every resource the API has is listed here. */
public final class Router {

    /** The media type JSON routes take their bodies in. */
    public static final String JSON = "application/json";

    /** An endpoint and the media type its request body must have. */
    record Route(Endpoint endpoint, String bodyType) {
    }

    private final Map<String, Map<String, Route>> routes = new HashMap<>();

    public Router get(String path, Endpoint endpoint) {
        return add("GET", path, new Route(endpoint, JSON));
    }

    public Router post(String path, Endpoint endpoint) {
        return add("POST", path, new Route(endpoint, JSON));
    }

    /** A POST whose body is not JSON but {@code bodyType} (an OCSP request). */
    public Router post(String path, String bodyType, Endpoint endpoint) {
        return add("POST", path, new Route(endpoint, bodyType));
    }

    private Router add(String method, String path, Route endpoint) {
        if (routes.computeIfAbsent(path, p -> new HashMap<>()).putIfAbsent(method, endpoint) != null) {
            throw new IllegalStateException("route defined twice: " + method + " " + path);
        }
        return this;
    }

    /** The endpoint for a request; 404 for an unknown path, 405 for a known path and another method. */
    Route route(String method, String path) {
        Map<String, Route> byMethod = routes.get(path);
        if (byMethod == null) {
            throw new ApiProblem(ProblemCode.NOT_FOUND);
        }
        Route endpoint = byMethod.get(method);
        if (endpoint == null) {
            throw new ApiProblem(ProblemCode.METHOD_NOT_ALLOWED);
        }
        return endpoint;
    }
}

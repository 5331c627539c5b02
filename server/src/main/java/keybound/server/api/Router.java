package keybound.server.api;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import keybound.bankapi.ProblemCode;
import keybound.server.metrics.BankMetrics;
import org.eclipse.jetty.server.Handler;

/** Exact-path routes by method. No patterns: every resource the API has is listed here. */
public final class Router {

    /** The media type JSON routes take their bodies in. */
    public static final String JSON = "application/json";

    /** An endpoint and the media type its request body must have. */
    record Route(Endpoint endpoint, String bodyType) {
    }

    private final Map<String, Map<String, Route>> routes = new HashMap<>();
    private UnaryOperator<Handler> site = UnaryOperator.identity();
    private BankMetrics metrics = BankMetrics.NONE;

    /** Where the handler reports failures of the bank's token ({@link BankMetrics#tokenError}). */
    public Router reportingTo(BankMetrics metrics) {
        this.metrics = metrics;
        return this;
    }

    BankMetrics metrics() {
        return metrics;
    }

    /** Serves other handlers beside the API (the web pages): {@code site} wraps the API's handler. */
    public Router site(UnaryOperator<Handler> around) {
        this.site = around;
        return this;
    }

    /** The handler to serve: the API's, as wrapped by {@link #site}. */
    public Handler serving(Handler api) {
        return site.apply(api);
    }

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

    /** The paths whose POST takes a body of {@code bodyType}, sorted: what a test of every such endpoint walks. */
    public SortedSet<String> posts(String bodyType) {
        var paths = new TreeSet<String>();
        routes.forEach((path, byMethod) -> {
            Route post = byMethod.get("POST");
            if (post != null && post.bodyType().equals(bodyType)) {
                paths.add(path);
            }
        });
        return paths;
    }

    /**
     * The endpoint for a request; 404 for an unknown path, 405 for a known path and another method.
     * HEAD is answered by the GET endpoint (the handler sends its headers without the body).
     */
    Route route(String method, String path) {
        Map<String, Route> byMethod = routes.get(path);
        if (byMethod == null) {
            throw new ApiProblem(ProblemCode.NOT_FOUND);
        }
        Route endpoint = byMethod.get("HEAD".equals(method) ? "GET" : method);
        if (endpoint == null) {
            throw new ApiProblem(ProblemCode.METHOD_NOT_ALLOWED);
        }
        return endpoint;
    }

    /** The methods a path takes, for the {@code Allow} header of a 405 (HEAD wherever GET is). */
    String allowed(String path) {
        return allowHeader(routes.getOrDefault(path, Map.of()).keySet());
    }

    /** An {@code Allow} header's value for a resource taking {@code methods}: sorted, HEAD added wherever GET is. */
    public static String allowHeader(Collection<String> methods) {
        var allowed = new TreeSet<>(methods);
        if (allowed.contains("GET")) {
            allowed.add("HEAD");
        }
        return String.join(", ", allowed);
    }
}

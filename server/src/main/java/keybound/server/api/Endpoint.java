package keybound.server.api;

/** One route's handler. Answers a response or throws {@link ApiProblem}; anything else is a 500. */
@FunctionalInterface
public interface Endpoint {

    ApiResponse handle(ApiRequest request);
}

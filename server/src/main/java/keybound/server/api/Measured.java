package keybound.server.api;

import java.time.Duration;
import java.util.function.Function;
import keybound.credentials.VerifierUnavailableException;

/** An endpoint whose every answer is reported with its result and the time it took (for metrics). */
public final class Measured {

    /** Receives one answered request: its result (a word of the caller's, or the problem code) and duration. */
    @FunctionalInterface
    public interface Outcome {
        void answered(String result, Duration took);
    }

    private Measured() {
    }

    /**
     * {@code endpoint}, reporting to {@code outcome}: a normal answer as {@code result} names it, a
     * refusal by its problem code, anything else as the problem code the client will get.
     */
    public static Endpoint endpoint(Endpoint endpoint, Function<ApiResponse, String> result, Outcome outcome) {
        return request -> {
            long started = System.nanoTime();
            String said = "internal-error";
            try {
                ApiResponse answer = endpoint.handle(request);
                said = result.apply(answer);
                return answer;
            } catch (ApiProblem problem) {
                said = problem.code().code();
                throw problem;
            } catch (VerifierUnavailableException e) {
                said = "service-unavailable";
                throw e;
            } finally {
                outcome.answered(said, Duration.ofNanos(System.nanoTime() - started));
            }
        };
    }
}

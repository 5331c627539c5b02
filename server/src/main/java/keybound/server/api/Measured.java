package keybound.server.api;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import keybound.bankapi.ProblemCode;
import keybound.credentials.SecretChecksBusyException;
import keybound.credentials.VerifierUnavailableException;
import keybound.logon.StoreFullException;

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
        return request -> call(() -> endpoint.handle(request), result, outcome);
    }

    /**
     * Runs {@code work} and reports its answer the same way, whatever serves it (the API or the web
     * pages), so that both count alike.
     */
    public static <T> T call(Supplier<T> work, Function<T, String> result, Outcome outcome) {
        long started = System.nanoTime();
        String said = ProblemCode.INTERNAL_ERROR.code();
        try {
            T answer = work.get();
            said = result.apply(answer);
            return answer;
        } catch (ApiProblem problem) {
            said = problem.code().code();
            throw problem;
        } catch (SecretChecksBusyException | StoreFullException e) {
            said = ProblemCode.SERVICE_BUSY.code();
            throw e;
        } catch (VerifierUnavailableException e) {
            said = ProblemCode.SERVICE_UNAVAILABLE.code();
            throw e;
        } finally {
            outcome.answered(said, Duration.ofNanos(System.nanoTime() - started));
        }
    }
}

package keybound.server.api;

import java.util.Objects;
import keybound.bankapi.ProblemCode;

/**
 * Thrown by endpoints to answer with a problem document. The detail is shown to the client, so
 * it must never hold a secret, an internal reason or an exception message. No stack trace is
 * captured: this is control flow, not a fault.
 */
public final class ApiProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ProblemCode code;

    public ApiProblem(ProblemCode code, String detail) {
        super(detail, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ApiProblem(ProblemCode code) {
        this(code, code.title());
    }

    public ProblemCode code() {
        return code;
    }

    /** The client-facing detail. */
    public String detail() {
        return getMessage();
    }
}

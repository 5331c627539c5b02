package keybound.bankapi.client;

import java.util.Optional;
import keybound.bankapi.ProblemCode;

/**
 * The bank answered with a problem ({@code application/problem+json}): {@link #code()} is the
 * stable problem code the client branches on ({@link #problem()}, see docs/server.md), {@link #status()} the HTTP
 * status, {@link #getMessage()} the title and detail for people.
 */
public class BankApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final int status;
    private final String detail;

    public BankApiException(String code, int status, String title, String detail) {
        super(code + " (" + status + "): " + (detail == null || detail.isEmpty() ? title : detail));
        this.code = code;
        this.status = status;
        this.detail = detail;
    }

    /** The problem code as sent, e.g. {@code credentials-rejected} or {@code account-locked}. */
    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    /** The server's explanation for people; never a secret. */
    public String detail() {
        return detail;
    }

    /** The problem code, empty if this client does not know it (a newer bank's, or a bare HTTP error). */
    public Optional<ProblemCode> problem() {
        return ProblemCode.ofCode(code);
    }

    public boolean is(ProblemCode problem) {
        return code.equals(problem.code());
    }
}

package keybound.server.web;

import java.util.Map;
import java.util.Set;
import keybound.bankapi.ProblemCode;

/**
 * One page per refusal, keyed by the JSON API's problem code (so a page tells exactly what the
 * API would, and no more: a wrong secret never says which one). Codes without words of their
 * own get the general page, which names the code.
 */
final class Refusals {

    /** A form posted without this site's token (CSRF), or from a page older than the browser's token. */
    static final String FORM_EXPIRED = "form-expired";

    static final Set<String> WORDED = Set.of(FORM_EXPIRED, "credentials-rejected", "account-locked",
            "certificate-required", "certificate-unknown", "certificate-revoked", "certificate-superseded",
            "certificate-expired", "certificate-not-yet-valid", "certificate-mismatch", "session-invalid",
            "attempt-invalid", "attempt-expired", "user-suspended", "not-permitted", "not-found", "invalid-field",
            "user-unknown", "user-limit-reached", "contract-closed", "service-busy", "service-unavailable");

    private Refusals() {
    }

    static Page page(ProblemCode code, String shown) {
        Page page = page(code.code(), code.status(), shown);
        if (code == ProblemCode.SESSION_INVALID) {
            page.cookie(Cookies.clear(Cookies.SESSION));
        }
        return page;
    }

    static Page page(String code, int status) {
        return page(code, status, null);
    }

    /** {@code shown}: what the customer typed that was refused (never a secret), shown back escaped; may be null. */
    private static Page page(String code, int status, String shown) {
        String key = WORDED.contains(code) ? code : "other";
        return Page.view("refusal.jte", Map.of("key", key, "code", code, "shown", shown == null ? "" : shown))
                .status(status);
    }

    /** Something the customer typed is not valid (a user ID with other characters); {@code shown} is echoed, escaped. */
    static final class InvalidInputException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String shown;

        InvalidInputException(String shown) {
            super("invalid input");
            this.shown = shown;
        }

        String shown() {
            return shown;
        }
    }
}

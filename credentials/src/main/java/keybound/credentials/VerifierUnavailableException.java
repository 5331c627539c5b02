package keybound.credentials;

/**
 * The key a stored verifier needs cannot be used now (the bank's token is absent, logged out or
 * failing, or the verifier names a key this bank is not configured with). Nothing about the
 * secret was decided, so callers must not count it as a wrong answer; the edge answers 503.
 */
public final class VerifierUnavailableException extends RuntimeException {

    public VerifierUnavailableException(String message) {
        super(message);
    }

    public VerifierUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

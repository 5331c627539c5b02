package keybound.server.issuer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import keybound.bankapi.ProblemCode;
import keybound.credentials.SecretVerifiers;
import keybound.server.api.ApiProblem;
import keybound.server.api.ApiRequest;
import keybound.token.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bank operators authenticate with an operator key: a random string (see
 * {@link OperatorKeys#generate}) sent as {@code Authorization: Operator <key>} over the server's
 * TLS. The server holds only verifiers of the keys (configuration {@code backoffice.operator-key-hashes},
 * separated by whitespace): HMAC-SHA256 under the verifier key on the bank's token, as for the
 * customers' secrets, or Argon2id hashes made before, still accepted as they are. Its
 * configuration and backups reveal no key. Every refusal is 401 {@code operator-rejected}; the
 * token unavailable is the customers' 503, with nothing judged. With no verifier configured, the
 * back office is closed.
 */
public final class OperatorGuard {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorGuard.class);
    private static final String SCHEME = "operator ";
    private static final int MAX_KEY = 128;

    private final List<String> keyVerifiers;
    private final SecretVerifiers verifiers;

    /**
     * @param verifiers checks each key under the bank's one secret-check admission
     * @throws IllegalArgumentException a configured verifier is not one {@code verifiers} can check
     *         (refused at start-up, not at the first request)
     */
    public OperatorGuard(List<String> keyVerifiers, SecretVerifiers verifiers) {
        this.keyVerifiers = List.copyOf(keyVerifiers);
        this.verifiers = verifiers;
        this.keyVerifiers.forEach(verifiers::requireCheckable);
    }

    /** How many of {@code keyVerifiers} are on each version (verifier key label, or {@value SecretVerifiers#ARGON2ID}). */
    public static Map<String, Long> versions(List<String> keyVerifiers) {
        Map<String, Long> counts = new LinkedHashMap<>();
        keyVerifiers.forEach(verifier -> counts.merge(SecretVerifiers.version(verifier), 1L, Long::sum));
        return counts;
    }

    public void require(ApiRequest request) {
        String header = request.header("authorization").orElse("");
        if (keyVerifiers.isEmpty() || header.length() <= SCHEME.length() || header.length() > SCHEME.length() + MAX_KEY
                || !header.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            throw new ApiProblem(ProblemCode.OPERATOR_REJECTED);
        }
        try (Secret key = Secret.of(header.substring(SCHEME.length()).trim())) { // the header is a String already
            if (!verifiers.verifyAny(key, keyVerifiers)) {
                LOG.warn("back office: operator key refused");
                throw new ApiProblem(ProblemCode.OPERATOR_REJECTED);
            }
        }
    }
}

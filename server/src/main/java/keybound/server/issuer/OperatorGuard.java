package keybound.server.issuer;

import java.util.List;
import java.util.Locale;
import keybound.credentials.HashParameters;
import keybound.credentials.SecretCheckAdmission;
import keybound.credentials.SecretHasher;
import keybound.server.api.ApiProblem;
import keybound.server.api.ApiRequest;
import keybound.bankapi.ProblemCode;
import keybound.token.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bank operators authenticate with an operator key: a random string (see
 * {@link OperatorKeys#generate}) sent as {@code Authorization: Operator <key>} over the server's
 * TLS. The server holds only Argon2id hashes of the keys (configuration {@code backoffice.operator-key-hashes},
 * separated by whitespace), so its configuration and backups reveal no key, and each guess costs
 * a slow hash. Every refusal is 401 {@code operator-rejected}. With no hash configured, the back
 * office is closed.
 */
public final class OperatorGuard {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorGuard.class);
    private static final String SCHEME = "operator ";
    private static final int MAX_KEY = 128;

    private final List<String> keyHashes;
    private final SecretHasher hasher = new SecretHasher(HashParameters.testing()); // verify reads parameters from each hash
    private final SecretCheckAdmission admission;

    /** @throws IllegalArgumentException a configured hash is not an Argon2id hash (refused at start-up, not at the first request) */
    public OperatorGuard(List<String> keyHashes) {
        this(keyHashes, SecretCheckAdmission.unbounded());
    }

    /** The same, each key check run under {@code admission} (a flood of made-up keys is bounded like any secret check). */
    public OperatorGuard(List<String> keyHashes, SecretCheckAdmission admission) {
        this.keyHashes = List.copyOf(keyHashes);
        this.admission = admission;
        for (String hash : this.keyHashes) {
            hasher.needsRehash(hash); // parses it
        }
    }

    public void require(ApiRequest request) {
        String header = request.header("authorization").orElse("");
        if (keyHashes.isEmpty() || header.length() <= SCHEME.length() || header.length() > SCHEME.length() + MAX_KEY
                || !header.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            throw new ApiProblem(ProblemCode.OPERATOR_REJECTED);
        }
        try (Secret key = Secret.of(header.substring(SCHEME.length()).trim())) { // the header is a String already
            boolean accepted = admission.admit(() -> {
                boolean any = false;
                for (String hash : keyHashes) {
                    any |= hasher.verify(key, hash); // check every hash: the time does not tell which matched
                }
                return any;
            });
            if (!accepted) {
                LOG.warn("back office: operator key refused");
                throw new ApiProblem(ProblemCode.OPERATOR_REJECTED);
            }
        }
    }
}

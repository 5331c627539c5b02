package keybound.server.issuer;

import keybound.credentials.HashParameters;
import keybound.credentials.SecretGenerator;
import keybound.credentials.SecretHasher;
import keybound.token.Secret;

/**
 * Makes an operator key and the hash the server is configured with; {@code keybound bank operator-key}
 * prints the key (give it to the operator, once) and its Argon2id hash (put it in
 * {@code backoffice.operator-key-hashes}).
 */
public final class OperatorKeys {

    private static final int LENGTH = 32;

    private OperatorKeys() {
    }

    /** A new random operator key. */
    public static Secret generate() {
        return new SecretGenerator().password(LENGTH);
    }

    /** The hash to configure, with production Argon2id parameters. */
    public static String hash(Secret key) {
        return new SecretHasher(HashParameters.production()).hash(key);
    }
}

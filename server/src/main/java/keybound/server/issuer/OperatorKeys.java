package keybound.server.issuer;

import keybound.credentials.SecretGenerator;
import keybound.token.Secret;

/**
 * Makes an operator key; {@code keybound bank operator-key} prints it (give it to the operator,
 * once) and its verifier ({@code BankAssembly.operatorKeyVerifier}, to put in
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
}

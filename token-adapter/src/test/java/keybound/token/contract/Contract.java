package keybound.token.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import keybound.testkit.ca.TestCa;
import keybound.token.KeyRef;
import keybound.token.MechanismUnsupportedException;
import keybound.token.Secret;
import keybound.token.Token;
import keybound.token.TokenSession;
import keybound.token.bc.TokenContentSigner;
import org.junit.jupiter.api.Assumptions;

/** Small helpers the contract tests share. */
final class Contract {

    private Contract() {
    }

    static TokenSession open(Token token, String pin) {
        try (Secret p = Secret.of(pin)) {
            return token.open(p);
        }
    }

    /** Skips the test, visibly and with the target's reason, when the target lacks the capability. */
    static void assume(TokenTarget target, TokenTarget.Capability capability) {
        target.lacks(capability).ifPresent(reason ->
                Assumptions.abort(target.name() + " lacks " + capability + ": " + reason));
    }

    /**
     * On a fresh token: if the target lacks {@code capability}, every one of {@code uses} is
     * refused with {@link MechanismUnsupportedException}; either way {@code find} finds no key.
     */
    @SafeVarargs
    static void assertRefusedByTypeWhenLacking(TokenTarget target, TokenTarget.Capability capability,
                                               Function<TokenSession, Optional<?>> find, Consumer<TokenSession>... uses) {
        try (Token token = target.freshToken(); TokenSession session = open(token, target.userPin())) {
            if (target.lacks(capability).isPresent()) {
                for (Consumer<TokenSession> use : uses) {
                    assertThrows(MechanismUnsupportedException.class, () -> use.accept(session));
                }
            }
            assertEquals(Optional.empty(), find.apply(session));
        }
    }

    static boolean verifies(KeyRef key, PublicKey publicKey, byte[] data, byte[] signature) throws Exception {
        var verifier = Signature.getInstance(key.algorithm().defaultSignature().jcaName());
        verifier.initVerify(publicKey);
        verifier.update(data);
        return verifier.verify(signature);
    }

    /** A certificate for the token key, signed by the token key itself. */
    static X509Certificate selfSigned(TokenSession session, KeyRef key, String cn) {
        return TestCa.selfSigned("CN=" + cn, session.publicKey(key), new TokenContentSigner(session, key));
    }
}

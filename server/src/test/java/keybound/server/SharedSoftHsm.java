package keybound.server;

import keybound.testkit.softhsm.SoftHsmEnvironment;
import keybound.testkit.softhsm.TokenSpec;
import keybound.token.Secret;
import keybound.token.TokenSelector;
import keybound.token.pkcs11.Pkcs11Module;
import keybound.token.pkcs11.Pkcs11Token;

/**
 * One SoftHSM module per test JVM, shared by the test classes that need tokens: PKCS#11
 * initialisation is process-wide, so it is opened once and left to the JVM's exit.
 */
final class SharedSoftHsm {

    private static Pkcs11Module module;

    private SharedSoftHsm() {
    }

    static synchronized Pkcs11Module module() {
        if (module == null) {
            module = Pkcs11Module.open(SoftHsmEnvironment.current().module());
        }
        return module;
    }

    /** A fresh token with the test PINs, made in-process (SoftHSM fixes its slot list at initialisation). */
    static TokenSpec freshToken(String prefix) {
        TokenSpec spec = TokenSpec.fresh(prefix);
        try (Secret so = Secret.of(spec.soPin()); Secret user = Secret.of(spec.userPin())) {
            module().initToken(spec.label(), so, user);
        }
        return spec;
    }

    static Pkcs11Token token(TokenSpec spec) {
        return module().token(TokenSelector.label(spec.label()));
    }
}

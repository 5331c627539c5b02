package keybound.token.pkcs11;

import keybound.token.KeyRef;
import keybound.token.Secret;
import keybound.token.TokenSession;
import keybound.testkit.softhsm.SoftHsmEnvironment;
import keybound.testkit.softhsm.TokenSpec;
import keybound.token.TokenInfo;
import keybound.token.TokenSelector;

/**
 * Fresh SoftHSM tokens for tests, created in-process with C_InitToken on the free slot: SoftHSM
 * fixes its slot list at C_Initialize, so tokens made by softhsm2-util afterwards stay invisible.
 * One {@link Pkcs11Module} per test JVM, opened after the fixture wrote SOFTHSM2_CONF's file.
 */
public final class SoftHsmTokens {

    private static Pkcs11Module module;

    private SoftHsmTokens() {
    }

    public static synchronized Pkcs11Module module() {
        if (module == null) {
            SoftHsmEnvironment environment = SoftHsmEnvironment.current();
            module = Pkcs11Module.open(environment.module());
        }
        return module;
    }

    /** A new, empty token with the test PINs; returns its spec (label and PINs). */
    public static TokenSpec create(String prefix) {
        TokenSpec spec = TokenSpec.fresh(prefix);
        try (Secret so = Secret.of(spec.soPin()); Secret user = Secret.of(spec.userPin())) {
            TokenInfo info = module().initToken(spec.label(), so, user);
            if (!info.label().equals(spec.label())) {
                throw new IllegalStateException("new token reports label " + info.label());
            }
        }
        return spec;
    }

    public static Pkcs11Token token(TokenSpec spec) {
        return module().token(TokenSelector.label(spec.label()));
    }

    /** Stores a self-signed certificate for {@code key} (signed on the token), as SunPKCS11 needs to see the key. */
    public static void selfCertify(TokenSession session, KeyRef key) throws Exception {
        session.storeCertificate(key, Pkcs11TokenTest.selfSigned(session, key, "CN=" + key.label()));
    }
}

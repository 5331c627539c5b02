package keybound.bench;

import java.security.PublicKey;
import keybound.testkit.ca.TestCa;
import keybound.testkit.softhsm.SoftHsmEnvironment;
import keybound.testkit.softhsm.TokenSpec;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import keybound.token.Secret;
import keybound.token.TokenSelector;
import keybound.token.TokenSession;
import keybound.token.bc.TokenContentSigner;
import keybound.token.pkcs11.Pkcs11Module;
import keybound.token.pkcs11.Pkcs11Token;

/**
 * A fresh SoftHSM token with one EC P-256 and one RSA-2048 key, each with a self-signed
 * certificate (SunPKCS11's KeyStore shows only certified keys). State lives under target/.
 */
record BenchToken(Pkcs11Module module, TokenSpec spec, Pkcs11Token token, KeyRef ec, KeyRef rsa,
                  PublicKey ecPublic, PublicKey rsaPublic) implements AutoCloseable {

    static BenchToken create() throws Exception {
        SoftHsmEnvironment environment = SoftHsmEnvironment.current();
        Pkcs11Module module = Pkcs11Module.open(environment.module());
        TokenSpec spec = TokenSpec.fresh("bench");
        try (Secret so = Secret.of(spec.soPin()); Secret user = Secret.of(spec.userPin())) {
            module.initToken(spec.label(), so, user);
        }
        Pkcs11Token token = module.token(TokenSelector.label(spec.label()));
        try (Secret pin = Secret.of(spec.userPin()); TokenSession session = token.open(pin)) {
            KeyRef ec = session.generateKeyPair(KeyAlgorithm.EC_P256, "bench-ec");
            KeyRef rsa = session.generateKeyPair(KeyAlgorithm.RSA_2048, "bench-rsa");
            certify(session, ec);
            certify(session, rsa);
            return new BenchToken(module, spec, token, ec, rsa, session.publicKey(ec), session.publicKey(rsa));
        }
    }

    KeyRef key(KeyAlgorithm algorithm) {
        return algorithm == KeyAlgorithm.EC_P256 ? ec : rsa;
    }

    PublicKey publicKey(KeyAlgorithm algorithm) {
        return algorithm == KeyAlgorithm.EC_P256 ? ecPublic : rsaPublic;
    }

    private static void certify(TokenSession session, KeyRef key) {
        session.storeCertificate(key, TestCa.selfSigned("CN=" + key.label(), session.publicKey(key), new TokenContentSigner(session, key)));
    }

    @Override
    public void close() {
        token.close();
        module.close();
    }
}

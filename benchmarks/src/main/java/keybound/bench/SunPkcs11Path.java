package keybound.bench;

import java.security.PrivateKey;
import java.security.Signature;
import keybound.token.KeyRef;
import keybound.token.Secret;
import keybound.token.TokenSelector;
import keybound.token.jca.SunPkcs11Bridge;

/** Through the JDK's SunPKCS11 provider: one Signature object per thread. */
final class SunPkcs11Path implements SignPath {

    private final SunPkcs11Bridge bridge;
    private final PrivateKey privateKey;
    private final String algorithm;

    SunPkcs11Path(BenchToken bench, KeyRef key) throws Exception {
        try (Secret pin = Secret.of(bench.spec().userPin())) {
            bridge = SunPkcs11Bridge.open(bench.module(), TokenSelector.label(bench.spec().label()), pin);
        }
        privateKey = (PrivateKey) bridge.keyStore().getKey(key.label(), null);
        algorithm = key.algorithm().defaultSignature().jcaName();
    }

    @Override
    public String name() {
        return "SunPKCS11";
    }

    @Override
    public Signer newSigner() throws Exception {
        Signature signature = Signature.getInstance(algorithm, bridge.provider());
        signature.initSign(privateKey);
        return new Signer() {
            @Override
            public byte[] sign(byte[] data) throws Exception {
                signature.update(data);
                return signature.sign(); // resets for the next message with the same key
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void close() {
        bridge.close();
    }
}

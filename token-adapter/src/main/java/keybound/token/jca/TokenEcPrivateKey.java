package keybound.token.jca;

import java.security.interfaces.ECKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import keybound.token.KeyRef;
import keybound.token.TokenSession;

/** An EC key on a token. Exposes its curve (ECKey) so that JSSE can pick a matching signature scheme. */
public final class TokenEcPrivateKey extends TokenPrivateKey implements ECKey {

    private final transient ECParameterSpec params;

    TokenEcPrivateKey(TokenSession session, KeyRef key, ECPublicKey publicKey) {
        super(session, key);
        this.params = publicKey.getParams();
    }

    @Override
    public String getAlgorithm() {
        return "EC";
    }

    @Override
    public ECParameterSpec getParams() {
        return params;
    }
}

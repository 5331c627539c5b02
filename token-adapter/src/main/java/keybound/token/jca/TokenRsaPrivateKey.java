package keybound.token.jca;

import java.math.BigInteger;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;
import keybound.token.KeyRef;
import keybound.token.TokenSession;

/** An RSA key on a token. Exposes its modulus (RSAKey) so that callers can tell its size. */
public final class TokenRsaPrivateKey extends TokenPrivateKey implements RSAKey {

    private final BigInteger modulus;

    TokenRsaPrivateKey(TokenSession session, KeyRef key, RSAPublicKey publicKey) {
        super(session, key);
        this.modulus = publicKey.getModulus();
    }

    @Override
    public String getAlgorithm() {
        return "RSA";
    }

    @Override
    public BigInteger getModulus() {
        return modulus;
    }
}

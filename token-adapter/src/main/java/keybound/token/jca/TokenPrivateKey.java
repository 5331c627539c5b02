package keybound.token.jca;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;
import keybound.token.KeyRef;
import keybound.token.TokenSession;

/**
 * A JCA handle on a private key that stays on a token: the session it is used through and the
 * key's reference. It has no encoding; signing goes through {@link TokenProvider}. Works for any
 * {@link TokenSession}, PKCS#11 or card.
 */
public abstract sealed class TokenPrivateKey implements PrivateKey permits TokenEcPrivateKey, TokenRsaPrivateKey {

    private final transient TokenSession session;
    private final KeyRef key;

    TokenPrivateKey(TokenSession session, KeyRef key) {
        this.session = Objects.requireNonNull(session, "session");
        this.key = Objects.requireNonNull(key, "key");
    }

    /** The handle for {@code key}, typed after its public key (EC or RSA). */
    public static TokenPrivateKey of(TokenSession session, KeyRef key) {
        return of(session, key, session.publicKey(key));
    }

    public static TokenPrivateKey of(TokenSession session, KeyRef key, PublicKey publicKey) {
        if (publicKey instanceof ECPublicKey ec) {
            return new TokenEcPrivateKey(session, key, ec);
        }
        if (publicKey instanceof RSAPublicKey rsa) {
            return new TokenRsaPrivateKey(session, key, rsa);
        }
        throw new IllegalArgumentException("unsupported key type " + publicKey.getAlgorithm());
    }

    public TokenSession session() {
        return session;
    }

    public KeyRef keyRef() {
        return key;
    }

    /** Never extractable: no format, no encoding. */
    @Override
    public String getFormat() {
        return null;
    }

    @Override
    public byte[] getEncoded() {
        return null;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + key.id() + " " + key.label() + "]";
    }
}

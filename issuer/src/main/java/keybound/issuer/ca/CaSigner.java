package keybound.issuer.ca;

import java.security.PublicKey;
import java.util.Objects;
import java.util.function.Function;
import keybound.token.KeyRef;
import keybound.token.TokenSession;
import keybound.token.bc.TokenContentSigner;
import org.bouncycastle.operator.ContentSigner;

/**
 * The CA key, reached only through the Token API: certificates, CRLs and OCSP responses are all
 * signed by a {@link TokenContentSigner} over one token session. A session may be used by one
 * thread at a time, so signing is serialised here (the token serialises its signatures anyway).
 */
public final class CaSigner implements AutoCloseable {

    private final TokenSession session;
    private final KeyRef key;
    private final PublicKey publicKey;

    public CaSigner(TokenSession session, KeyRef key) {
        this.session = Objects.requireNonNull(session, "session");
        this.key = Objects.requireNonNull(key, "key");
        this.publicKey = session.publicKey(key);
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public KeyRef key() {
        return key;
    }

    /** Runs {@code signing} with a fresh content signer, one signature at a time. */
    public synchronized <T> T sign(Function<ContentSigner, T> signing) {
        return signing.apply(new TokenContentSigner(session, key));
    }

    /** Reads the CA public key back through the token session: throws when the token or the key no longer answers. */
    public synchronized void check() {
        if (!session.publicKey(key).equals(publicKey)) {
            throw new IllegalStateException("the CA token holds another key under the CA key's id");
        }
    }

    @Override
    public void close() {
        session.close();
    }
}

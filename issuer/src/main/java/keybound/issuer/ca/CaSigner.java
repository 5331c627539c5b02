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
 * thread at a time, so signing is serialised here (the token serialises its signatures anyway),
 * also across the {@link #sibling} signers that share the session.
 */
public final class CaSigner implements AutoCloseable {

    private final TokenSession session;
    private final KeyRef key;
    private final PublicKey publicKey;
    private final Object lock;
    private final boolean ownsSession;

    public CaSigner(TokenSession session, KeyRef key) {
        this(session, key, new Object(), true);
    }

    private CaSigner(TokenSession session, KeyRef key, Object lock, boolean ownsSession) {
        this.session = Objects.requireNonNull(session, "session");
        this.key = Objects.requireNonNull(key, "key");
        this.publicKey = session.publicKey(key);
        this.lock = lock;
        this.ownsSession = ownsSession;
    }

    /** A signer with {@code other} (another key on the same token, e.g. the root's) over this session and its lock; closing it leaves the session open. */
    public CaSigner sibling(KeyRef other) {
        synchronized (lock) {
            return new CaSigner(session, other, lock, false);
        }
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public KeyRef key() {
        return key;
    }

    /** Runs {@code signing} with a fresh content signer, one signature at a time. */
    public <T> T sign(Function<ContentSigner, T> signing) {
        synchronized (lock) {
            return signing.apply(new TokenContentSigner(session, key));
        }
    }

    /** Reads the CA public key back through the token session: throws when the token or the key no longer answers. */
    public void check() {
        synchronized (lock) {
            if (!session.publicKey(key).equals(publicKey)) {
                throw new IllegalStateException("the CA token holds another key under the CA key's id");
            }
        }
    }

    @Override
    public void close() {
        if (ownsSession) {
            session.close();
        }
    }
}

package keybound.token.bc;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.Objects;
import keybound.token.KeyRef;
import keybound.token.SignatureAlgorithm;
import keybound.token.TokenSession;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/**
 * A BouncyCastle {@link ContentSigner} whose private key stays on a token: BouncyCastle streams
 * the to-be-signed bytes in, and the token signs them. Used for the customer's CSR and for the
 * CA's certificates and CRLs alike.
 */
public final class TokenContentSigner implements ContentSigner {

    private final TokenSession session;
    private final KeyRef key;
    private final SignatureAlgorithm algorithm;
    private final AlgorithmIdentifier algorithmIdentifier;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);

    public TokenContentSigner(TokenSession session, KeyRef key) {
        this(session, key, key.algorithm().defaultSignature());
    }

    public TokenContentSigner(TokenSession session, KeyRef key, SignatureAlgorithm algorithm) {
        this.session = Objects.requireNonNull(session, "session");
        this.key = Objects.requireNonNull(key, "key");
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.algorithmIdentifier = new DefaultSignatureAlgorithmIdentifierFinder().find(algorithm.jcaName());
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return algorithmIdentifier;
    }

    @Override
    public OutputStream getOutputStream() {
        return buffer;
    }

    @Override
    public byte[] getSignature() {
        byte[] data = buffer.toByteArray();
        buffer.reset();
        return session.sign(key, algorithm, data);
    }
}

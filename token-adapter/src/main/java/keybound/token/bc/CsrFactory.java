package keybound.token.bc;

import java.io.IOException;
import java.io.UncheckedIOException;
import keybound.token.KeyRef;
import keybound.token.TokenSession;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Builds PKCS#10 requests signed on the token by the key they certify (proof of possession). */
public final class CsrFactory {

    private CsrFactory() {
    }

    /** A CSR for {@code key} with the given subject, signed on the token. */
    public static PKCS10CertificationRequest create(TokenSession session, KeyRef key, X500Name subject) {
        var builder = new JcaPKCS10CertificationRequestBuilder(subject, session.publicKey(key));
        return builder.build(new TokenContentSigner(session, key));
    }

    /** The CSR as DER, ready to send. */
    public static byte[] createDer(TokenSession session, KeyRef key, X500Name subject) {
        try {
            return create(session, key, subject).getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

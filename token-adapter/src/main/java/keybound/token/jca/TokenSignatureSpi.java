package keybound.token.jca;

import java.io.ByteArrayOutputStream;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.SignatureSpi;
import keybound.token.SignatureAlgorithm;
import keybound.token.TokenException;

/**
 * {@code Signature} for {@link TokenPrivateKey}s: collects the message and has the token sign it
 * whole (the card hashes on the card). Signing only; verification is left to software providers.
 */
public abstract class TokenSignatureSpi extends SignatureSpi {

    /** Longest message accepted, so that a runaway caller cannot fill the heap. */
    private static final int MAX_MESSAGE = 1 << 20;

    private final SignatureAlgorithm algorithm;
    private final ByteArrayOutputStream message = new ByteArrayOutputStream(256);
    private TokenPrivateKey key;

    TokenSignatureSpi(SignatureAlgorithm algorithm) {
        this.algorithm = algorithm;
    }

    @Override
    protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
        if (!(privateKey instanceof TokenPrivateKey tokenKey)) {
            throw new InvalidKeyException("not a token key");
        }
        if (tokenKey.keyRef().algorithm().defaultSignature() != algorithm) {
            throw new InvalidKeyException("a " + tokenKey.keyRef().algorithm() + " key cannot sign " + algorithm.jcaName());
        }
        key = tokenKey;
        message.reset();
    }

    @Override
    protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
        throw new InvalidKeyException("token signatures are verified in software");
    }

    @Override
    protected void engineUpdate(byte b) throws SignatureException {
        engineUpdate(new byte[] {b}, 0, 1);
    }

    @Override
    protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
        if (key == null) {
            throw new SignatureException("not initialised for signing");
        }
        if (message.size() + len > MAX_MESSAGE) {
            throw new SignatureException("message longer than " + MAX_MESSAGE + " bytes");
        }
        message.write(b, off, len);
    }

    @Override
    protected byte[] engineSign() throws SignatureException {
        if (key == null) {
            throw new SignatureException("not initialised for signing");
        }
        byte[] data = message.toByteArray();
        message.reset();
        try {
            return key.session().sign(key.keyRef(), algorithm, data);
        } catch (TokenException e) {
            throw new SignatureException(e.getMessage(), e);
        }
    }

    @Override
    protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
        throw new SignatureException("token signatures are verified in software");
    }

    @Override
    @Deprecated
    protected void engineSetParameter(String param, Object value) {
        throw new InvalidParameterException("no parameters");
    }

    @Override
    @Deprecated
    protected Object engineGetParameter(String param) {
        throw new InvalidParameterException("no parameters");
    }

    /** SHA256withECDSA. */
    public static final class Sha256WithEcdsa extends TokenSignatureSpi {
        public Sha256WithEcdsa() {
            super(SignatureAlgorithm.SHA256_WITH_ECDSA);
        }
    }

    /** SHA256withRSA (PKCS#1 v1.5). */
    public static final class Sha256WithRsa extends TokenSignatureSpi {
        public Sha256WithRsa() {
            super(SignatureAlgorithm.SHA256_WITH_RSA);
        }
    }
}

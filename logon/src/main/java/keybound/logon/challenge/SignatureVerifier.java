package keybound.logon.challenge;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Verifies a client's SHA-256 signature with a registered certificate's public key. ECDSA goes
 * through BouncyCastle (an instance, not registered globally) because the JDK's P-256 verification
 * is about 14 times slower on the bank's hardware; RSA PKCS#1 v1.5 goes through the JDK. EC
 * signatures are DER-encoded, as the Token API and JCA produce them. Thread-safe.
 */
public final class SignatureVerifier {

    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    /**
     * Whether {@code signature} is a valid signature over {@code data} by {@code key}. A garbled
     * signature is {@code false}, never an exception.
     *
     * @throws IllegalArgumentException the key is neither EC nor RSA
     */
    public boolean verify(PublicKey key, byte[] data, byte[] signature) {
        Signature verifier = newVerifier(key);
        try {
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static Signature newVerifier(PublicKey key) {
        try {
            if (key instanceof ECPublicKey) {
                return Signature.getInstance("SHA256withECDSA", BOUNCY_CASTLE);
            }
            if (key instanceof RSAPublicKey) {
                return Signature.getInstance("SHA256withRSA");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signature algorithm missing", e);
        }
        throw new IllegalArgumentException("unsupported key type: " + key.getAlgorithm());
    }
}

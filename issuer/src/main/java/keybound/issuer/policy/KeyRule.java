package keybound.issuer.policy;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import keybound.issuer.refusal.WeakKeyException;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;

/**
 * Certified keys are EC on P-256, or RSA with a modulus of at least {@code minRsaBits} (2048 by
 * default) and the public exponent 65537 (small exponents such as 3 have a history of broken
 * padding checks; no token makes anything else by default).
 */
public final class KeyRule {

    private static final java.math.BigInteger P256_ORDER = ECNamedCurveTable.getByName("P-256").getN();
    private final int minRsaBits;

    public KeyRule(int minRsaBits) {
        if (minRsaBits < 2048) {
            throw new IllegalArgumentException("RSA below 2048 bits is never acceptable");
        }
        this.minRsaBits = minRsaBits;
    }

    public KeyRule() {
        this(2048);
    }

    public void check(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < minRsaBits) {
                throw new WeakKeyException("RSA key of " + bits + " bits; at least " + minRsaBits + " required");
            }
            if (!RSAKeyGenParameterSpec.F4.equals(rsa.getPublicExponent())) {
                throw new WeakKeyException("RSA public exponent must be 65537");
            }
            return;
        }
        if (key instanceof ECPublicKey ec) {
            ECParameterSpec params = ec.getParams();
            if (params == null || !P256_ORDER.equals(params.getOrder()) || params.getCurve().getField().getFieldSize() != 256) {
                throw new WeakKeyException("EC key not on P-256");
            }
            return;
        }
        throw new WeakKeyException("key type " + key.getAlgorithm() + " is not supported: only EC P-256 and RSA");
    }
}

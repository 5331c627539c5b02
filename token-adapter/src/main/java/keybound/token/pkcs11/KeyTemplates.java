package keybound.token.pkcs11;

import java.math.BigInteger;
import keybound.token.KeyAlgorithm;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.KeyPairTemplate;

/**
 * Templates for key pairs generated on the token. The private key is persistent, private,
 * sensitive and non-extractable, and may only sign; the public key is a public token object.
 * Both carry the same CKA_ID and CKA_LABEL, which the certificate will share later.
 */
final class KeyTemplates {

    /** DER of the OID 1.2.840.10045.3.1.7 (secp256r1, P-256). */
    static final byte[] P256_PARAMS = {0x06, 0x08, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x03, 0x01, 0x07};
    private static final BigInteger F4 = BigInteger.valueOf(65537);

    private KeyTemplates() {
    }

    static KeyPairTemplate keyPair(KeyAlgorithm algorithm, byte[] id, String label) {
        return switch (algorithm) {
            case EC_P256 -> new KeyPairTemplate(
                    privateKey(AttributeVector.newECPrivateKey(), id, label),
                    publicKey(AttributeVector.newECPublicKey(), id, label).ecParams(P256_PARAMS));
            case RSA_2048 -> new KeyPairTemplate(
                    privateKey(AttributeVector.newRSAPrivateKey(), id, label),
                    publicKey(AttributeVector.newRSAPublicKey(), id, label).modulusBits(2048).publicExponent(F4));
        };
    }

    private static AttributeVector privateKey(AttributeVector base, byte[] id, String label) {
        return base.token(true).private_(true).sensitive(true).extractable(false)
                .sign(true).decrypt(false).unwrap(false).derive(false)
                .id(id).label(label);
    }

    private static AttributeVector publicKey(AttributeVector base, byte[] id, String label) {
        return base.token(true).private_(false).verify(true).encrypt(false).wrap(false)
                .id(id).label(label);
    }
}

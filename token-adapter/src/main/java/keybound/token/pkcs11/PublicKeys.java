package keybound.token.pkcs11;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Optional;
import keybound.token.KeyAlgorithm;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** Builds JCA public keys from the token's public key attributes. */
final class PublicKeys {

    private PublicKeys() {
    }

    static PublicKey ec(byte[] ecParams, byte[] ecPoint) {
        if (!Arrays.equals(ecParams, KeyTemplates.P256_PARAMS)) {
            throw new IllegalArgumentException("only P-256 keys are supported");
        }
        try {
            byte[] point = unwrapOctetString(ecPoint);
            var algorithm = new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                    ASN1ObjectIdentifier.getInstance(ecParams));
            byte[] spki = new SubjectPublicKeyInfo(algorithm, point).getEncoded();
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("the token returned an unreadable EC public key", e);
        }
    }

    static PublicKey rsa(BigInteger modulus, BigInteger exponent) {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the token returned an unreadable RSA public key", e);
        }
    }

    /** Which of keybound's algorithms a public key is, if any. */
    static Optional<KeyAlgorithm> algorithmOf(PublicKey key) {
        if (key instanceof ECPublicKey ec
                && ec.getParams().getCurve().getField().getFieldSize() == 256) {
            return Optional.of(KeyAlgorithm.EC_P256);
        }
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() == 2048) {
            return Optional.of(KeyAlgorithm.RSA_2048);
        }
        return Optional.empty();
    }

    /** CKA_EC_POINT is DER OCTET STRING { 04 || X || Y }; some tokens return the bare point. */
    private static byte[] unwrapOctetString(byte[] value) throws IOException {
        if (value.length == 65 && value[0] == 0x04) { // bare uncompressed P-256 point
            return value;
        }
        return ASN1OctetString.getInstance(ASN1Primitive.fromByteArray(value)).getOctets();
    }
}

package keybound.applet;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;

/** Decodes the card's public key encoding (keyType keyLength key) for JCA checks. */
final class Keys {
    private Keys() {
    }

    static PublicKey decode(byte[] encoded) {
        int type = encoded[0];
        int length = ((encoded[1] & 0xFF) << 8) | (encoded[2] & 0xFF);
        byte[] key = Arrays.copyOfRange(encoded, 3, 3 + length);
        if (3 + length != encoded.length) {
            throw new IllegalArgumentException("length mismatch");
        }
        if (type == Protocol.KEY_EC_P256) {
            return AppletMakerCa.publicKey(key);
        }
        try {
            int modLength = ((key[0] & 0xFF) << 8) | (key[1] & 0xFF);
            var modulus = new BigInteger(1, Arrays.copyOfRange(key, 2, 2 + modLength));
            var exponent = new BigInteger(1, Arrays.copyOfRange(key, 2 + modLength, key.length));
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean verifies(String algorithm, PublicKey key, byte[] data, byte[] signature) {
        try {
            var v = Signature.getInstance(algorithm);
            v.initVerify(key);
            v.update(data);
            return v.verify(signature);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

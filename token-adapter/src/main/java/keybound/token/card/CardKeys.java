package keybound.token.card;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import keybound.applet.Protocol;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyNotFoundException;
import keybound.token.KeyRef;
import keybound.token.SignatureAlgorithm;
import keybound.token.TokenDeviceException;

/** Translations between card terms (slot numbers, key type bytes, key encodings) and the Token API's. */
public final class CardKeys {

    private CardKeys() {
    }

    /** A slot's key id: the slot number as one hex byte ("00" to "03"). */
    public static String slotId(int slot) {
        return HexFormat.of().toHexDigits((byte) slot);
    }

    /** The slot a key id names. @throws KeyNotFoundException no such slot on this card */
    public static int slot(KeyRef key) {
        byte[] id = key.idBytes();
        if (id.length != 1 || (id[0] & 0xFF) >= Protocol.SLOT_COUNT) {
            throw new KeyNotFoundException("No card slot has id " + key.id());
        }
        return id[0];
    }

    public static KeyAlgorithm algorithm(int keyType) {
        return switch (keyType) {
            case Protocol.KEY_EC_P256 -> KeyAlgorithm.EC_P256;
            case Protocol.KEY_RSA_2048 -> KeyAlgorithm.RSA_2048;
            default -> throw new TokenDeviceException("UNKNOWN_KEY_TYPE", "The card reports key type " + keyType, null);
        };
    }

    public static byte keyType(KeyAlgorithm algorithm) {
        return switch (algorithm) {
            case EC_P256 -> Protocol.KEY_EC_P256;
            case RSA_2048 -> Protocol.KEY_RSA_2048;
        };
    }

    public static byte signAlgorithm(SignatureAlgorithm algorithm) {
        return switch (algorithm) {
            case SHA256_WITH_ECDSA -> Protocol.SIGN_ECDSA_SHA256;
            case SHA256_WITH_RSA -> Protocol.SIGN_RSA_PKCS1_SHA256;
        };
    }

    /** Decodes keyType(1) keyLength(2) key, as GENERATE and GET PUBLIC KEY answer. */
    public static PublicKey decodeTyped(byte[] encoded) {
        if (encoded.length < 3 || ((encoded[1] & 0xFF) << 8 | (encoded[2] & 0xFF)) != encoded.length - 3) {
            throw new TokenDeviceException("MALFORMED_PUBLIC_KEY", "The card's public key is malformed", null);
        }
        return decode(encoded[0] & 0xFF, Arrays.copyOfRange(encoded, 3, encoded.length));
    }

    /** Decodes a key as AttestationData carries it: an EC point, or modulusLength(2) modulus exponent. */
    public static PublicKey decode(int keyType, byte[] key) {
        try {
            if (keyType == Protocol.KEY_EC_P256) {
                if (key.length != 65 || key[0] != 0x04) {
                    throw new IllegalArgumentException("not an uncompressed P-256 point");
                }
                var point = new ECPoint(new BigInteger(1, Arrays.copyOfRange(key, 1, 33)),
                        new BigInteger(1, Arrays.copyOfRange(key, 33, 65)));
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, p256()));
            }
            if (keyType == Protocol.KEY_RSA_2048) {
                int modLength = ((key[0] & 0xFF) << 8) | (key[1] & 0xFF);
                if (modLength + 2 >= key.length) {
                    throw new IllegalArgumentException("RSA key too short");
                }
                var modulus = new BigInteger(1, Arrays.copyOfRange(key, 2, 2 + modLength));
                var exponent = new BigInteger(1, Arrays.copyOfRange(key, 2 + modLength, key.length));
                return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
            }
            throw new IllegalArgumentException("unknown key type " + keyType);
        } catch (GeneralSecurityException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new TokenDeviceException("MALFORMED_PUBLIC_KEY", "The card's public key cannot be decoded", e);
        }
    }

    private static ECParameterSpec p256() throws GeneralSecurityException {
        var parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        return parameters.getParameterSpec(ECParameterSpec.class);
    }
}

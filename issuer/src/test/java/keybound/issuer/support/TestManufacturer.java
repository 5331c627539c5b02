package keybound.issuer.support;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import keybound.cardsim.ManufacturerCa;
import keybound.testkit.keys.SoftwareKeys;
import keybound.token.AttestationStatement;
import keybound.token.attest.AttestationData;

/**
 * A card manufacturer for tests: the simulated manufacturer CA, and one attestation key it certifies per card serial, signing
 * statements laid out exactly as {@link AttestationData} (what the applet signs).
 */
public final class TestManufacturer {

    private final ManufacturerCa ca;
    private final KeyPair attestationKeys = SoftwareKeys.ec();
    /** One attestation certificate per card serial, as a manufacturer certifies each card. */
    private final Map<String, X509Certificate> attestationCertificates = new ConcurrentHashMap<>();

    public TestManufacturer(String name) {
        this.ca = ManufacturerCa.create(name + " Root");
    }

    /** The attestation certificate for card {@code serial}: its serial in the CN and the subject serialNumber. */
    public X509Certificate attestationCertificate(String serial) {
        return attestationCertificates.computeIfAbsent(serial, s -> ca.certifyAttestationKey(attestationKeys.getPublic(), s));
    }

    public X509Certificate trustAnchor() {
        return ca.certificate();
    }

    /** A genuine statement that slot {@code slot} of card {@code serial} holds {@code key}, binding {@code nonce}. */
    public AttestationStatement attest(String serial, int slot, byte[] nonce, PublicKey key) {
        byte[] data = encode(serial, slot, nonce, key);
        return new AttestationStatement(data, SoftwareKeys.sign(attestationKeys, data), List.of(attestationCertificate(serial)));
    }

    /** The same layout signed by a key the manufacturer never certified, presented with the genuine chain. */
    public AttestationStatement forge(String serial, int slot, byte[] nonce, PublicKey key) {
        byte[] data = encode(serial, slot, nonce, key);
        return new AttestationStatement(data, SoftwareKeys.sign(SoftwareKeys.ec(), data), List.of(attestationCertificate(serial)));
    }

    public static byte[] encode(String serial, int slot, byte[] nonce, PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            byte[] point = new byte[65];
            point[0] = 4;
            copyFixed(ec.getW().getAffineX(), point, 1);
            copyFixed(ec.getW().getAffineY(), point, 33);
            return new AttestationData(slot, serial, nonce, AttestationData.KEY_EC_P256, point).encode();
        }
        RSAPublicKey rsa = (RSAPublicKey) key;
        byte[] modulus = unsigned(rsa.getModulus());
        byte[] exponent = unsigned(rsa.getPublicExponent());
        byte[] out = new byte[2 + modulus.length + exponent.length];
        out[0] = (byte) (modulus.length >>> 8);
        out[1] = (byte) modulus.length;
        System.arraycopy(modulus, 0, out, 2, modulus.length);
        System.arraycopy(exponent, 0, out, 2 + modulus.length, exponent.length);
        return new AttestationData(slot, serial, nonce, AttestationData.KEY_RSA, out).encode();
    }

    private static void copyFixed(BigInteger value, byte[] out, int offset) {
        byte[] bytes = unsigned(value);
        System.arraycopy(bytes, 0, out, offset + 32 - bytes.length, bytes.length);
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 && bytes.length > 1 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }
}

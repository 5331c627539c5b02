package keybound.applet;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A manufacturer CA for the applet's own tests, made with BouncyCastle once per JVM. Not testkit's
 * {@code TestCa}: testkit depends on this module (through card-simulator), so it cannot be used here.
 */
final class AppletMakerCa {
    static final AppletMakerCa INSTANCE = new AppletMakerCa();

    private final KeyPair keyPair;

    private AppletMakerCa() {
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            keyPair = generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The attestation certificate (DER) for an uncompressed P-256 point. */
    byte[] certify(byte[] point, String serial) {
        try {
            var now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(new X500Name("CN=keybound test manufacturer"),
                    BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofMinutes(1))),
                    Date.from(now.plus(Duration.ofDays(1))), new X500Name("CN=keybound card " + serial),
                    publicKey(point));
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate());
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return cert.getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JCA public key for an uncompressed P-256 point. */
    static PublicKey publicKey(byte[] point) {
        try {
            var params = ((ECPublicKey) INSTANCE.keyPair.getPublic()).getParams();
            var w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 33)),
                    new BigInteger(1, Arrays.copyOfRange(point, 33, 65)));
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, params));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

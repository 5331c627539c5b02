package keybound.issuer.support;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Customer key pairs and CSRs for tests (the CSR is only bytes to the issuer). */
public final class ClientKeys {

    private ClientKeys() {
    }

    public static KeyPair ec() {
        return generate("EC", new ECGenParameterSpec("secp256r1"), 0);
    }

    public static KeyPair ec(String curve) {
        return generate("EC", new ECGenParameterSpec(curve), 0);
    }

    public static KeyPair rsa(int bits) {
        return generate("RSA", null, bits);
    }

    public static byte[] csr(KeyPair keys, String subject) {
        try {
            String algorithm = "EC".equals(keys.getPublic().getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
            return new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keys.getPublic())
                    .build(new JcaContentSignerBuilder(algorithm).build(keys.getPrivate())).getEncoded();
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] csr(KeyPair keys) {
        return csr(keys, "CN=whatever the client asks");
    }

    public static byte[] sign(KeyPair keys, byte[] data) {
        try {
            String algorithm = "EC".equals(keys.getPublic().getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
            Signature signature = Signature.getInstance(algorithm);
            signature.initSign(keys.getPrivate());
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate(String algorithm, ECGenParameterSpec spec, int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (spec != null) {
                generator.initialize(spec);
            } else {
                generator.initialize(bits);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

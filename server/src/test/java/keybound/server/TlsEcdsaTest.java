package keybound.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import keybound.testkit.keys.SoftwareKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What JSSE gets when it asks for an ECDSA verifier: BouncyCastle for public keys, the usual providers for signing. */
class TlsEcdsaTest {

    @AfterEach
    void restore() {
        TlsEcdsa.useBouncyCastle(); // the servers in this JVM's other tests run as keybound server runs them by default
    }

    @Test
    void verificationGoesToBouncyCastleAndSigningStaysWhereItWas() throws Exception {
        TlsEcdsa.useBouncyCastle();
        KeyPair keys = SoftwareKeys.ec();
        byte[] data = "handshake transcript".getBytes(StandardCharsets.US_ASCII);

        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivate());
        signer.update(data);
        byte[] signature = signer.sign();
        assertNotEquals(TlsEcdsa.NAME, signer.getProvider().getName());

        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(keys.getPublic());
        verifier.update(data);
        assertTrue(verifier.verify(signature));
        assertEquals(TlsEcdsa.NAME, verifier.getProvider().getName());

        TlsEcdsa.useJdk();
        Signature jdk = Signature.getInstance("SHA256withECDSA");
        jdk.initVerify(keys.getPublic());
        assertNotEquals(TlsEcdsa.NAME, jdk.getProvider().getName());
    }
}

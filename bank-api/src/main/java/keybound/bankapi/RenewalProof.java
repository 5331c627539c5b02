package keybound.bankapi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What the current key signs to renew or migrate (SHA256withECDSA or SHA256withRSA): the tag
 * {@code "keybound-renewal-v1"}, a zero byte, then the new CSR's DER. The tag keeps the signature
 * from passing for any other keybound message. The client signs it, the issuer verifies it.
 */
public final class RenewalProof {

    private static final byte[] TAG = "keybound-renewal-v1\0".getBytes(StandardCharsets.US_ASCII);

    private RenewalProof() {
    }

    public static byte[] message(byte[] newCsrDer) {
        var out = new ByteArrayOutputStream(TAG.length + newCsrDer.length);
        out.writeBytes(TAG);
        out.writeBytes(newCsrDer);
        return out.toByteArray();
    }
}

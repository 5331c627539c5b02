package keybound.issuer.enrollment;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Optional;
import keybound.token.AttestationStatement;
import keybound.token.Secret;

/**
 * A holder re-keys: the current certificate, a CSR for the new key, the current key's signature
 * over {@link #proofMessage(byte[])} (proof that the old key is still held), and the holder's two
 * acquisition secrets (administrator: イ then ロ; user: ト then チ).
 */
public record Renewal(RenewalKind kind, X509Certificate current, byte[] newCsr, byte[] oldKeySignature,
                      Secret firstSecret, Secret secondSecret, TokenReport token,
                      Optional<AttestationStatement> attestation) {

    private static final byte[] DOMAIN = "keybound-renewal-v1\0".getBytes(StandardCharsets.US_ASCII);

    /** What the current key signs: a fixed domain tag followed by the new CSR's DER. */
    public static byte[] proofMessage(byte[] newCsr) {
        var out = new ByteArrayOutputStream(DOMAIN.length + newCsr.length);
        out.writeBytes(DOMAIN);
        out.writeBytes(newCsr);
        return out.toByteArray();
    }
}

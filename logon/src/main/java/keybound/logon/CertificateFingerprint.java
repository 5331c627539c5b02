package keybound.logon;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Objects;

/** The SHA-256 of a certificate's DER encoding, as lower-case hex. What a session is bound to. */
public record CertificateFingerprint(String sha256Hex) {

    public CertificateFingerprint {
        Objects.requireNonNull(sha256Hex, "sha256Hex");
        if (!sha256Hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a lower-case hex SHA-256");
        }
    }

    public static CertificateFingerprint of(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return new CertificateFingerprint(HexFormat.of().formatHex(digest));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}

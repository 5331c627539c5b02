package keybound.token;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Optional;

/** A key pair on a token, with the certificate stored under the same id if there is one. */
public record Credential(KeyRef key, PublicKey publicKey, Optional<X509Certificate> certificate) {
}

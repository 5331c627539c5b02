package keybound.issuer.ca;

import java.security.cert.X509Certificate;
import keybound.token.KeyRef;

/** A CA key on a token with its certificate. */
public record CaKeyPair(KeyRef key, X509Certificate certificate) {
}

package keybound.token;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A card's signed statement that a key was generated on it: the attestation key's signature
 * over (slot, public key, card serial, host nonce). {@code signedData} is exactly what was
 * signed; {@code chain} is the attestation certificate, issued by the card manufacturer's CA.
 */
public record AttestationStatement(byte[] signedData, byte[] signature, List<X509Certificate> chain) {
}

package keybound.token.attest;

import java.security.PublicKey;
import java.security.cert.X509Certificate;

/** What a verified attestation statement says: this public key was generated in this slot of this card. */
public record AttestedKey(String cardSerial, int slot, PublicKey publicKey, X509Certificate attestationCertificate) {
}

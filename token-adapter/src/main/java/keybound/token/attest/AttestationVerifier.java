package keybound.token.attest;

import keybound.token.AttestationStatement;

/**
 * Checks an attestation statement: its chain leads to a trusted manufacturer CA, its signature
 * verifies with the attestation certificate, and it binds the nonce the verifier expects (so an
 * old statement cannot be replayed). What it attests is returned for the caller to compare with
 * the key it is about to certify.
 */
public interface AttestationVerifier {

    /**
     * Checks a statement against the trusted roots and the nonce the host sent; answers the key it vouches for.
     *
     * @throws AttestationException the statement is malformed, forged, untrusted or for another nonce
     */
    AttestedKey verify(AttestationStatement statement, byte[] expectedNonce);
}

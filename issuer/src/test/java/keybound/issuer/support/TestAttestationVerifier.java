package keybound.issuer.support;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.List;
import keybound.token.AttestationStatement;
import keybound.token.attest.AttestationData;
import keybound.token.attest.AttestationException;
import keybound.token.attest.AttestationVerifier;
import keybound.token.attest.AttestedKey;

/**
 * A minimal {@link AttestationVerifier} for the issuer's tests, until the card helper's
 * {@code CardAttestationVerifier} lands on main: the attestation certificate must be signed by
 * one of the trust anchors, the statement must verify with it and bind the expected nonce.
 */
public final class TestAttestationVerifier implements AttestationVerifier {

    private final List<X509Certificate> anchors;
    private final ECPublicKey p256Template = (ECPublicKey) ClientKeys.ec().getPublic();

    public TestAttestationVerifier(List<X509Certificate> anchors) {
        this.anchors = List.copyOf(anchors);
    }

    @Override
    public AttestedKey verify(AttestationStatement statement, byte[] expectedNonce) {
        if (statement.chain().isEmpty()) {
            throw new AttestationException("no attestation certificate");
        }
        X509Certificate leaf = statement.chain().get(0);
        if (anchors.stream().noneMatch(anchor -> signedBy(leaf, anchor))) {
            throw new AttestationException("attestation certificate is not from a trusted manufacturer");
        }
        if (!TestManufacturer.verify(leaf.getPublicKey(), statement.signedData(), statement.signature())) {
            throw new AttestationException("attestation signature does not verify");
        }
        AttestationData data = AttestationData.decode(statement.signedData());
        if (!Arrays.equals(data.nonce(), expectedNonce)) {
            throw new AttestationException("attestation is for another nonce");
        }
        return new AttestedKey(data.cardSerial(), data.slot(), publicKey(data), leaf);
    }

    private PublicKey publicKey(AttestationData data) {
        try {
            byte[] key = data.key();
            if (data.keyType() == AttestationData.KEY_EC_P256) {
                var point = new ECPoint(new BigInteger(1, Arrays.copyOfRange(key, 1, 33)),
                        new BigInteger(1, Arrays.copyOfRange(key, 33, 65)));
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, p256Template.getParams()));
            }
            int modLen = ((key[0] & 0xFF) << 8) | (key[1] & 0xFF);
            var modulus = new BigInteger(1, Arrays.copyOfRange(key, 2, 2 + modLen));
            var exponent = new BigInteger(1, Arrays.copyOfRange(key, 2 + modLen, key.length));
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
        } catch (GeneralSecurityException e) {
            throw new AttestationException("attested key does not decode", e);
        }
    }

    private static boolean signedBy(X509Certificate leaf, X509Certificate anchor) {
        try {
            leaf.verify(anchor.getPublicKey());
            return leaf.getIssuerX500Principal().equals(anchor.getSubjectX500Principal());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}

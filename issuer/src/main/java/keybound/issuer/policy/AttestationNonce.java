package keybound.issuer.policy;

import keybound.bankapi.EnrollmentNonce;
import keybound.issuer.contract.ContractId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/** The enrollment nonce a card's attestation must carry, in the issuer's types; its format is {@link EnrollmentNonce}, shared with the client. */
public final class AttestationNonce {

    private AttestationNonce() {
    }

    public static byte[] forEnrollment(ContractId contract, String userIdOrEmpty, SubjectPublicKeyInfo key) {
        return EnrollmentNonce.forEnrollment(contract.value(), userIdOrEmpty, key);
    }
}

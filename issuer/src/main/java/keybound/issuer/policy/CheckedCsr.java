package keybound.issuer.policy;

import java.security.PublicKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** A CSR that passed the size, encoding, proof-of-possession and key checks. */
public record CheckedCsr(PKCS10CertificationRequest request, SubjectPublicKeyInfo keyInfo, PublicKey publicKey) {
}

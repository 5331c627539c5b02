package keybound.issuer.ca;

import java.math.BigInteger;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import keybound.issuer.policy.ValidityRule.Validity;

/** What goes into a customer certificate besides the profile's fixed parts. */
public record EndEntity(BigInteger serial, X500Name subject, SubjectPublicKeyInfo publicKey, Validity validity) {
}

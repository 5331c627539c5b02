package keybound.issuer.policy;

import java.io.IOException;
import java.security.PublicKey;
import java.util.Set;
import keybound.issuer.refusal.BadCsrSignatureException;
import keybound.issuer.refusal.CsrTooLargeException;
import keybound.issuer.refusal.MalformedCsrException;
import keybound.issuer.refusal.WeakKeyException;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/**
 * The CSR checks, in order: size (before any parsing), strict DER, the {@link KeyRule} (before
 * verifying anything with the key, so a huge RSA key costs nothing), then proof of possession
 * (the request's signature verifies with the key it carries), made with SHA-256 or stronger
 * (ECDSA, or RSA PKCS#1 v1.5); a SHA-1 or MD5 signature proves too little.
 */
public final class CsrCheck {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final Set<ASN1ObjectIdentifier> SIGNATURES = Set.of(
            X9ObjectIdentifiers.ecdsa_with_SHA256, X9ObjectIdentifiers.ecdsa_with_SHA384, X9ObjectIdentifiers.ecdsa_with_SHA512,
            PKCSObjectIdentifiers.sha256WithRSAEncryption, PKCSObjectIdentifiers.sha384WithRSAEncryption,
            PKCSObjectIdentifiers.sha512WithRSAEncryption);
    private final int maxBytes;
    private final KeyRule keyRule;

    public CsrCheck(int maxBytes, KeyRule keyRule) {
        this.maxBytes = maxBytes;
        this.keyRule = keyRule;
    }

    public CheckedCsr check(byte[] der) {
        if (der == null || der.length == 0) {
            throw new MalformedCsrException("the CSR is empty");
        }
        if (der.length > maxBytes) {
            throw new CsrTooLargeException("the CSR is " + der.length + " bytes; the limit is " + maxBytes);
        }
        PKCS10CertificationRequest request = parse(der);
        PublicKey key;
        try {
            key = new JcaPEMKeyConverter().setProvider(BC).getPublicKey(request.getSubjectPublicKeyInfo());
        } catch (IOException | RuntimeException e) {
            throw new WeakKeyException("the CSR's key type is not supported: only EC P-256 and RSA >= 2048");
        }
        keyRule.check(key);
        if (!SIGNATURES.contains(request.getSignatureAlgorithm().getAlgorithm())) {
            throw new BadCsrSignatureException("the CSR is signed with " + request.getSignatureAlgorithm().getAlgorithm().getId()
                    + "; SHA-256 or stronger with ECDSA or RSA is required");
        }
        try {
            var verifier = new JcaContentVerifierProviderBuilder().setProvider(BC).build(key);
            if (!request.isSignatureValid(verifier)) {
                throw new BadCsrSignatureException("the CSR's signature does not verify with its own key");
            }
        } catch (OperatorCreationException | PKCSException | RuntimeException e) {
            if (e instanceof BadCsrSignatureException bad) {
                throw bad;
            }
            throw new BadCsrSignatureException("the CSR's signature cannot be verified: " + e.getClass().getSimpleName());
        }
        return new CheckedCsr(request, request.getSubjectPublicKeyInfo(), key);
    }

    private static PKCS10CertificationRequest parse(byte[] der) {
        try {
            ASN1Primitive primitive = ASN1Primitive.fromByteArray(der);
            // fromByteArray ignores nothing: trailing bytes or BER would re-encode differently
            if (!java.util.Arrays.equals(primitive.getEncoded("DER"), der)) {
                throw new MalformedCsrException("the CSR is not DER (trailing bytes or non-canonical encoding)");
            }
            return new PKCS10CertificationRequest(CertificationRequest.getInstance(primitive));
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            throw new MalformedCsrException("the CSR is not a DER-encoded PKCS#10 request");
        }
    }
}

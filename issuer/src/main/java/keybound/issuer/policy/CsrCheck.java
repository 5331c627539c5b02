package keybound.issuer.policy;

import java.io.IOException;
import java.security.PublicKey;
import keybound.issuer.refusal.BadCsrSignatureException;
import keybound.issuer.refusal.CsrTooLargeException;
import keybound.issuer.refusal.MalformedCsrException;
import keybound.issuer.refusal.WeakKeyException;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/**
 * The CSR checks, in order: size (before any parsing), strict DER, the {@link KeyRule} (before
 * verifying anything with the key, so a huge RSA key costs nothing), then proof of possession
 * (the request's signature verifies with the key it carries).
 */
public final class CsrCheck {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
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

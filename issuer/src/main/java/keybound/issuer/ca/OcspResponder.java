package keybound.issuer.ca;

import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.Function;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.cert.ocsp.jcajce.JcaBasicOCSPRespBuilder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Answers RFC 6960 OCSP requests for the CA's certificates, signed by the CA key itself. Requests
 * are size-limited before parsing; a request that does not parse gets a {@code malformedRequest}
 * response; a certificate ID for another issuer or an unknown serial gets {@code unknown}. A
 * request nonce is echoed.
 */
public final class OcspResponder {

    public static final int MAX_REQUEST_BYTES = 16 * 1024;
    /** The media type of what {@link #respond} returns. */
    public static final String RESPONSE_TYPE = "application/ocsp-response";
    private final CertificateAuthority ca;
    private final Duration validity;

    public OcspResponder(CertificateAuthority ca, Duration validity) {
        this.ca = ca;
        this.validity = validity;
    }

    public byte[] respond(byte[] requestDer, Instant now, Function<BigInteger, SerialStatus> registry) {
        try {
            if (requestDer == null || requestDer.length == 0 || requestDer.length > MAX_REQUEST_BYTES) {
                return status(OCSPRespBuilder.MALFORMED_REQUEST);
            }
            OCSPReq request;
            try {
                request = new OCSPReq(requestDer);
            } catch (IOException | RuntimeException e) {
                return status(OCSPRespBuilder.MALFORMED_REQUEST);
            }
            return sign(request, now, registry);
        } catch (OCSPException | IOException | OperatorCreationException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot build the OCSP response", e);
        }
    }

    private byte[] sign(OCSPReq request, Instant now, Function<BigInteger, SerialStatus> registry)
            throws OCSPException, IOException, OperatorCreationException, CertificateEncodingException {
        DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().build();
        X509CertificateHolder caHolder = new JcaX509CertificateHolder(ca.certificate());
        BasicOCSPRespBuilder builder = new JcaBasicOCSPRespBuilder(ca.signer().publicKey(),
                digests.get(CertificateID.HASH_SHA1));
        for (Req one : request.getRequestList()) {
            CertificateID id = one.getCertID();
            CertificateStatus status = id.matchesIssuer(caHolder, digests)
                    ? toOcsp(registry.apply(id.getSerialNumber())) : new UnknownStatus();
            builder.addResponse(id, status, Date.from(now), Date.from(now.plus(validity)));
        }
        Extension nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        if (nonce != null) {
            builder.setResponseExtensions(new Extensions(nonce));
        }
        BasicOCSPResp basic = ca.signer().sign(signer -> {
            try {
                return builder.build(signer, new X509CertificateHolder[] {caHolder}, Date.from(now));
            } catch (OCSPException e) {
                throw new IllegalStateException("cannot sign the OCSP response", e);
            }
        });
        return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
    }

    private static CertificateStatus toOcsp(SerialStatus status) {
        if (status instanceof SerialStatus.Good) {
            return CertificateStatus.GOOD;
        }
        if (status instanceof SerialStatus.Revoked revoked) {
            return new RevokedStatus(Date.from(revoked.at()), revoked.reason().code());
        }
        return new UnknownStatus();
    }

    private static byte[] status(int code) throws OCSPException, IOException {
        OCSPResp response = new OCSPRespBuilder().build(code, null);
        return response.getEncoded();
    }

}

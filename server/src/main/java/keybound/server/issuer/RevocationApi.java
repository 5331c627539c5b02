package keybound.server.issuer;

import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.time.Duration;
import keybound.issuer.Issuer;
import keybound.issuer.ca.OcspResponder;
import keybound.server.api.ApiResponse;
import keybound.server.api.Router;

/**
 * Public revocation status: {@code GET /crl} ({@code application/pkix-crl}) and {@code POST /ocsp}
 * (RFC 6960 over HTTP POST, {@code application/ocsp-request} → {@code application/ocsp-response}).
 * The CRL is the one the registry holds for every node: re-signed at most every {@link #CRL_REUSE}
 * and at once after any revocation made through any node, so an anonymous client cannot make the CA
 * sign at will, and nodes behind one balancer never serve different or older CRLs.
 */
public final class RevocationApi {

    /** How long a CRL is served before a node signs a new one (unless a revocation came sooner); the plain-HTTP listener's too. */
    public static final Duration CRL_REUSE = Duration.ofMinutes(5);

    private final Issuer issuer;

    public RevocationApi(Issuer issuer) {
        this.issuer = issuer;
    }

    public void register(Router router) {
        router.get("/crl", request -> ApiResponse.binary(encoded(issuer.revocations().currentCrl(CRL_REUSE)),
                "application/pkix-crl"));
        router.post("/ocsp", "application/ocsp-request",
                request -> ApiResponse.binary(issuer.revocations().ocsp(request.rawBody()), OcspResponder.RESPONSE_TYPE));
    }

    static byte[] encoded(X509CRL crl) {
        try {
            return crl.getEncoded();
        } catch (CRLException e) {
            throw new IllegalStateException("CRL does not encode", e);
        }
    }
}

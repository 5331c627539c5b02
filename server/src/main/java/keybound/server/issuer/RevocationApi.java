package keybound.server.issuer;

import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.time.Duration;
import keybound.issuer.Issuer;
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

    static final Duration CRL_REUSE = Duration.ofMinutes(5);

    private final Issuer issuer;

    public RevocationApi(Issuer issuer) {
        this.issuer = issuer;
    }

    public void register(Router router) {
        router.get("/crl", request -> ApiResponse.binary(encoded(issuer.revocations().currentCrl(CRL_REUSE)),
                "application/pkix-crl"));
        router.post("/ocsp", "application/ocsp-request",
                request -> ApiResponse.binary(issuer.revocations().ocsp(request.rawBody()), "application/ocsp-response"));
    }

    static byte[] encoded(X509CRL crl) {
        try {
            return crl.getEncoded();
        } catch (CRLException e) {
            throw new IllegalStateException("CRL does not encode", e);
        }
    }
}

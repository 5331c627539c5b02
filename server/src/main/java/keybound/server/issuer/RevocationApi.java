package keybound.server.issuer;

import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import keybound.issuer.Issuer;
import keybound.server.api.ApiResponse;
import keybound.server.api.Router;

/**
 * Public revocation status: {@code GET /crl} ({@code application/pkix-crl}) and {@code POST /ocsp}
 * (RFC 6960 over HTTP POST, {@code application/ocsp-request} → {@code application/ocsp-response}).
 * The CRL is reissued at most every {@link #CRL_REUSE}, and at once after any revocation made
 * through this server, so an anonymous client cannot make the CA sign at will.
 */
public final class RevocationApi {

    static final Duration CRL_REUSE = Duration.ofMinutes(5);

    private final Issuer issuer;
    private final Clock clock;
    private X509CRL cached;
    private Instant cachedAt = Instant.MIN;

    public RevocationApi(Issuer issuer, Clock clock) {
        this.issuer = issuer;
        this.clock = clock;
    }

    public void register(Router router) {
        router.get("/crl", request -> ApiResponse.binary(encoded(current()), "application/pkix-crl"));
        router.post("/ocsp", "application/ocsp-request",
                request -> ApiResponse.binary(issuer.revocations().ocsp(request.rawBody()), "application/ocsp-response"));
    }

    /** A fresh CRL now (the back office's "publish"), which later downloads reuse. */
    public synchronized X509CRL publish() {
        cached = issuer.revocations().crl();
        cachedAt = clock.instant();
        return cached;
    }

    /** A revocation happened: the next download gets a fresh CRL. */
    public synchronized void revoked() {
        cached = null;
    }

    private synchronized X509CRL current() {
        Instant now = clock.instant();
        if (cached == null || now.isAfter(cachedAt.plus(CRL_REUSE))
                || (cached.getNextUpdate() != null && now.isAfter(cached.getNextUpdate().toInstant()))) {
            return publish();
        }
        return cached;
    }

    static byte[] encoded(X509CRL crl) {
        try {
            return crl.getEncoded();
        } catch (CRLException e) {
            throw new IllegalStateException("CRL does not encode", e);
        }
    }
}

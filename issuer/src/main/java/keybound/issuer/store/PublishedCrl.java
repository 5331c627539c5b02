package keybound.issuer.store;

import java.io.ByteArrayInputStream;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;

/**
 * The CRL every node serves, as the registry holds it: its number, the revocation count it covers
 * ({@code ca_counter.revocations} when it was signed), its validity and its DER.
 */
public record PublishedCrl(long number, long revocations, Instant thisUpdate, Instant nextUpdate, byte[] der) {

    /** Whether nodes may still serve it: no revocation since, younger than {@code reuse}, not past nextUpdate. */
    public boolean servable(long revocationsNow, Instant now, Duration reuse) {
        return revocations == revocationsNow && now.isBefore(thisUpdate.plus(reuse)) && now.isBefore(nextUpdate);
    }

    public X509CRL crl() {
        try {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
        } catch (CertificateException | CRLException e) {
            throw new IllegalStateException("stored CRL does not parse", e);
        }
    }
}

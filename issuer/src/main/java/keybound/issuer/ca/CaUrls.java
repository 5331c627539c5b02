package keybound.issuer.ca;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where relying parties fetch revocation data and the issuing CA's certificate; written into every
 * certificate (CRL distribution point, AIA OCSP and, when known, AIA caIssuers).
 */
public record CaUrls(URI crl, URI ocsp, Optional<URI> caIssuers) {

    public CaUrls {
        Objects.requireNonNull(crl, "crl");
        Objects.requireNonNull(ocsp, "ocsp");
        Objects.requireNonNull(caIssuers, "caIssuers");
    }

    /** Without a caIssuers address. */
    public CaUrls(URI crl, URI ocsp) {
        this(crl, ocsp, Optional.empty());
    }
}

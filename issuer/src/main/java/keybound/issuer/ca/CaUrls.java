package keybound.issuer.ca;

import java.net.URI;

/** Where relying parties fetch revocation data; written into every certificate. */
public record CaUrls(URI crl, URI ocsp) {
}

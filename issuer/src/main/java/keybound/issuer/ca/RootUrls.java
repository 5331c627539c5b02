package keybound.issuer.ca;

import java.net.URI;
import java.util.Objects;

/**
 * Where relying parties fetch the root's CRL and certificate: written into the CA certificates
 * (the root's CRL distribution point in both, the root's certificate as the issuing CA's AIA
 * caIssuers), so a client can check the whole chain.
 */
public record RootUrls(URI crl, URI certificate) {

    public RootUrls {
        Objects.requireNonNull(crl, "crl");
        Objects.requireNonNull(certificate, "certificate");
    }
}

package keybound.issuer.ca;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * The issuing CA: its signer (key on a token), its certificate chain (issuing CA first, root
 * last; one element for a root that issues directly) and the profile it issues under.
 */
public final class CertificateAuthority implements AutoCloseable {

    private final CaSigner signer;
    private final List<X509Certificate> chain;
    private final CertificateProfile profile;

    public CertificateAuthority(CaSigner signer, List<X509Certificate> chain, CaUrls urls) {
        this.signer = Objects.requireNonNull(signer, "signer");
        this.chain = List.copyOf(chain);
        this.profile = new CertificateProfile(urls);
        if (!chain.get(0).getPublicKey().equals(signer.publicKey())) {
            throw new IllegalArgumentException("the CA certificate does not match the CA key on the token");
        }
    }

    /** The issuing CA's certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** Issuing CA first, root last: what relying parties (the logon's TLS trust) need. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** The trust anchor: the root's certificate. */
    public X509Certificate root() {
        return chain.get(chain.size() - 1);
    }

    public CaSigner signer() {
        return signer;
    }

    public X509Certificate issue(EndEntity entity) {
        return signer.sign(contentSigner -> profile.build(entity, certificate(), signer.publicKey(), contentSigner));
    }

    @Override
    public void close() {
        signer.close();
    }
}

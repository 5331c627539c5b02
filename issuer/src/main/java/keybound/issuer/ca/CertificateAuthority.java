package keybound.issuer.ca;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The issuing CA: its signer (key on a token), its certificate chain (issuing CA first, root
 * last; one element for a root that issues directly) and the profile it issues under. Above an
 * issuing CA, the root's signer too when its key is on the same token: it signs the root's CRL.
 */
public final class CertificateAuthority implements AutoCloseable {

    private final CaSigner signer;
    private final List<X509Certificate> chain;
    private final CertificateProfile profile;
    private final Optional<CaSigner> rootSigner;

    public CertificateAuthority(CaSigner signer, List<X509Certificate> chain, CaUrls urls) {
        this(signer, chain, urls, Optional.empty());
    }

    /** With {@code rootSigner}, the root's key, when the chain has an issuing CA under the root and that key is reachable. */
    public CertificateAuthority(CaSigner signer, List<X509Certificate> chain, CaUrls urls, Optional<CaSigner> rootSigner) {
        this.signer = Objects.requireNonNull(signer, "signer");
        this.chain = List.copyOf(chain);
        this.profile = new CertificateProfile(urls);
        this.rootSigner = Objects.requireNonNull(rootSigner, "rootSigner");
        if (!chain.get(0).getPublicKey().equals(signer.publicKey())) {
            throw new IllegalArgumentException("the CA certificate does not match the CA key on the token");
        }
        if (rootSigner.isPresent() && (chain.size() < 2 || !root().getPublicKey().equals(rootSigner.get().publicKey()))) {
            throw new IllegalArgumentException("the root key does not match the root certificate above an issuing CA");
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

    /** The root's signer, for the root's CRL: empty when the root issues directly or its key is elsewhere. */
    public Optional<CaSigner> rootSigner() {
        return rootSigner;
    }

    public X509Certificate issue(EndEntity entity) {
        return signer.sign(contentSigner -> profile.build(entity, certificate(), signer.publicKey(), contentSigner));
    }

    @Override
    public void close() {
        signer.close();
    }
}

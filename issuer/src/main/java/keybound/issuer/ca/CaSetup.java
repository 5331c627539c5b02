package keybound.issuer.ca;

import java.math.BigInteger;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Optional;
import keybound.token.KeyAlgorithm;
import keybound.token.KeyRef;
import keybound.token.TokenSession;
import keybound.token.bc.TokenContentSigner;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the bank's CA on a token: a self-signed root, or a root plus an issuing CA it signs.
 * Keys are generated on the token (non-extractable); each CA certificate is stored on the token
 * beside its key so the CA can be found again by label.
 */
public final class CaSetup {

    private static final Logger LOG = LoggerFactory.getLogger(CaSetup.class);
    private final SerialNumbers serials = new SerialNumbers();

    /** A self-signed root; {@code pathLength} 0 if it issues customer certificates itself, 1 above an issuing CA. */
    public CaKeyPair createRoot(TokenSession session, KeyAlgorithm algorithm, String label, X500Name name,
                                Instant now, Duration validity, int pathLength) {
        return createRoot(session, algorithm, label, name, now, validity, pathLength, Optional.empty());
    }

    /**
     * The same, naming the root's own CRL in it ({@code rootUrls}): {@code openssl verify
     * -crl_check_all} checks the trust anchor too, and with {@code -crl_download} finds its CRL only there.
     */
    public CaKeyPair createRoot(TokenSession session, KeyAlgorithm algorithm, String label, X500Name name,
                                Instant now, Duration validity, int pathLength, Optional<RootUrls> rootUrls) {
        KeyRef key = session.generateKeyPair(algorithm, label);
        PublicKey publicKey = session.publicKey(key);
        X509Certificate certificate = caCertificate(name, name, publicKey, publicKey, now, validity, pathLength,
                new TokenContentSigner(session, key), rootUrls);
        session.storeCertificate(key, certificate);
        LOG.info("created root CA {} on token {} (key {})", name, session.token().displayName(), key.label());
        return new CaKeyPair(key, certificate);
    }

    /** An issuing CA under {@code root}, its key generated on {@code issuingSession} and signed on {@code rootSession}. */
    public CaKeyPair createIssuing(CaKeyPair root, TokenSession rootSession, TokenSession issuingSession,
                                   KeyAlgorithm algorithm, String label, X500Name name, Instant now, Duration validity) {
        return createIssuing(root, rootSession, issuingSession, algorithm, label, name, now, validity, Optional.empty());
    }

    /** The same, its certificate naming where the root's CRL and certificate are ({@code rootUrls}), when known. */
    public CaKeyPair createIssuing(CaKeyPair root, TokenSession rootSession, TokenSession issuingSession,
                                   KeyAlgorithm algorithm, String label, X500Name name, Instant now, Duration validity,
                                   Optional<RootUrls> rootUrls) {
        KeyRef key = issuingSession.generateKeyPair(algorithm, label);
        PublicKey publicKey = issuingSession.publicKey(key);
        Instant rootEnd = root.certificate().getNotAfter().toInstant();
        Duration capped = now.plus(validity).isAfter(rootEnd) ? Duration.between(now, rootEnd) : validity;
        X509Certificate certificate = caCertificate(X500Name.getInstance(root.certificate().getSubjectX500Principal().getEncoded()),
                name, publicKey, root.certificate().getPublicKey(), now, capped, 0,
                new TokenContentSigner(rootSession, root.key()), rootUrls);
        issuingSession.storeCertificate(key, certificate);
        LOG.info("created issuing CA {} on token {} under {}", name, issuingSession.token().displayName(),
                root.certificate().getSubjectX500Principal());
        return new CaKeyPair(key, certificate);
    }

    private X509Certificate caCertificate(X500Name issuer, X500Name subject, PublicKey subjectKey, PublicKey issuerKey,
                                          Instant now, Duration validity, int pathLength,
                                          ContentSigner signer, Optional<RootUrls> rootUrls) {
        try {
            var utils = new JcaX509ExtensionUtils();
            Instant from = now.truncatedTo(ChronoUnit.SECONDS);
            BigInteger serial = serials.next();
            var builder = new X509v3CertificateBuilder(issuer, serial, Date.from(from), Date.from(from.plus(validity)),
                    subject, SubjectPublicKeyInfo.getInstance(subjectKey.getEncoded()));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLength));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuerKey));
            if (rootUrls.isPresent()) {
                var crl = new DistributionPointName(new GeneralNames(uri(rootUrls.get().crl())));
                builder.addExtension(Extension.cRLDistributionPoints, false,
                        new CRLDistPoint(new DistributionPoint[] {new DistributionPoint(crl, null, null)}));
                if (!issuer.equals(subject)) {
                    builder.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                            AccessDescription.id_ad_caIssuers, uri(rootUrls.get().certificate())));
                }
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (NoSuchAlgorithmException | CertIOException | CertificateException e) {
            throw new IllegalStateException("cannot build the CA certificate", e);
        }
    }

    private static GeneralName uri(URI value) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, value.toString());
    }
}

package keybound.issuer.ca;

import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;

/**
 * The customer certificate profile: X.509 v3; keyUsage digitalSignature (critical);
 * extendedKeyUsage clientAuth; basicConstraints CA:false (critical); subject and authority key
 * identifiers; the CRL distribution point, the OCSP URL and the issuing CA certificate's URL.
 */
public final class CertificateProfile {

    private final CaUrls urls;

    public CertificateProfile(CaUrls urls) {
        this.urls = urls;
    }

    public X509Certificate build(EndEntity entity, X509Certificate ca, PublicKey caKey, ContentSigner signer) {
        try {
            var utils = new JcaX509ExtensionUtils();
            var builder = new X509v3CertificateBuilder(X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
                    entity.serial(), Date.from(entity.validity().notBefore()), Date.from(entity.validity().notAfter()),
                    entity.subject(), entity.publicKey());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(entity.publicKey()));
            builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(caKey));
            builder.addExtension(Extension.cRLDistributionPoints, false, crlDistributionPoint());
            builder.addExtension(Extension.authorityInfoAccess, false, authorityInformationAccess());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (NoSuchAlgorithmException | CertIOException | CertificateException e) {
            throw new IllegalStateException("cannot build the certificate", e);
        }
    }

    private AuthorityInformationAccess authorityInformationAccess() {
        List<AccessDescription> access = new ArrayList<>();
        access.add(new AccessDescription(AccessDescription.id_ad_ocsp, uri(urls.ocsp().toString())));
        urls.caIssuers().ifPresent(ca -> access.add(new AccessDescription(AccessDescription.id_ad_caIssuers,
                uri(ca.toString()))));
        return new AuthorityInformationAccess(access.toArray(AccessDescription[]::new));
    }

    private CRLDistPoint crlDistributionPoint() {
        var name = new DistributionPointName(new GeneralNames(uri(urls.crl().toString())));
        return new CRLDistPoint(new DistributionPoint[] {new DistributionPoint(name, null, null)});
    }

    private static GeneralName uri(String value) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, value);
    }
}

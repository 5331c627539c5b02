package keybound.issuer.ca;

import java.math.BigInteger;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/** Builds a CA's signed CRL (v2, CRL number, AKI, a reason code on every entry). */
public final class CrlGenerator {

    private final X509Certificate issuer;
    private final CaSigner signer;
    private final Duration nextUpdate;

    /** CRLs of the CA whose certificate is {@code issuer}, signed by {@code signer} (that CA's key). */
    public CrlGenerator(X509Certificate issuer, CaSigner signer, Duration nextUpdate) {
        if (!issuer.getPublicKey().equals(signer.publicKey())) {
            throw new IllegalArgumentException("the CRL signer's key is not the key of " + issuer.getSubjectX500Principal());
        }
        this.issuer = issuer;
        this.signer = signer;
        this.nextUpdate = nextUpdate;
    }

    public X509CRL generate(List<RevokedEntry> entries, long crlNumber, Instant now) {
        var builder = new X509v2CRLBuilder(X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
                Date.from(now));
        builder.setNextUpdate(Date.from(now.plus(nextUpdate)));
        for (RevokedEntry entry : entries) {
            builder.addCRLEntry(entry.serial(), Date.from(entry.revokedAt()), entry.reason().code());
        }
        try {
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(crlNumber)));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(signer.publicKey()));
        } catch (CertIOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot build the CRL", e);
        }
        return signer.sign(contentSigner -> {
            try {
                return new JcaX509CRLConverter().getCRL(builder.build(contentSigner));
            } catch (CRLException e) {
                throw new IllegalStateException("cannot encode the CRL", e);
            }
        });
    }
}

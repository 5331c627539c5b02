package keybound.token.pkcs11;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import keybound.token.KeyRef;
import org.bouncycastle.asn1.ASN1Integer;
import org.xipki.pkcs11.wrapper.AttributeVector;

/** A CKO_CERTIFICATE object filed under its key's CKA_ID and CKA_LABEL, as OpenSC and SunPKCS11 expect. */
final class CertificateTemplate {

    private CertificateTemplate() {
    }

    static AttributeVector of(KeyRef key, X509Certificate certificate) {
        try {
            byte[] der = certificate.getEncoded();
            if (der.length > TokenObjects.MAX_CERTIFICATE_BYTES) {
                throw new IllegalArgumentException("certificate larger than " + TokenObjects.MAX_CERTIFICATE_BYTES + " bytes");
            }
            return AttributeVector.newX509Certificate()
                    .token(true).private_(false).modifiable(true)
                    .id(key.idBytes()).label(key.label())
                    .subject(certificate.getSubjectX500Principal().getEncoded())
                    .issuer(certificate.getIssuerX500Principal().getEncoded())
                    .serialNumber(new ASN1Integer(certificate.getSerialNumber()).getEncoded())
                    .value(der);
        } catch (CertificateEncodingException | IOException e) {
            throw new IllegalArgumentException("the certificate cannot be encoded", e);
        }
    }
}

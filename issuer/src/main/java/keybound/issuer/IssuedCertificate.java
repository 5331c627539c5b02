package keybound.issuer;

import java.security.cert.X509Certificate;
import keybound.issuer.store.CertificateRecord;

/** A certificate just issued, with its registry row. */
public record IssuedCertificate(X509Certificate certificate, CertificateRecord record) {

    public String serial() {
        return record.serial();
    }
}

package keybound.token.pkcs11;

import java.security.cert.X509Certificate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/** Whether a certificate's subject is the one asked for: the whole DN (RFC 2253) or its CN alone. */
final class SubjectMatch {

    private SubjectMatch() {
    }

    static boolean matches(X509Certificate certificate, String subject) {
        X500Principal principal = certificate.getSubjectX500Principal();
        if (sameDn(principal, subject)) {
            return true;
        }
        try {
            for (Rdn rdn : new LdapName(principal.getName(X500Principal.RFC2253)).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN") && subject.equals(String.valueOf(rdn.getValue()))) {
                    return true;
                }
            }
        } catch (InvalidNameException e) {
            return false;
        }
        return false;
    }

    private static boolean sameDn(X500Principal principal, String subject) {
        try {
            return principal.equals(new X500Principal(subject));
        } catch (IllegalArgumentException e) {
            return false; // not a DN: maybe a bare CN
        }
    }
}

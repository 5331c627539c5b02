package keybound.issuer.enrollment;

import java.security.cert.X509Certificate;
import keybound.token.Secret;

/**
 * Manual I-3: what an administrator shows to manage users: the administrator certificate of the
 * logon session (its key possession was proven by the logon service) and ロ.
 */
public record AdministratorCredentials(X509Certificate certificate, Secret confirmationPin) {
}

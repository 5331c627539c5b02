package keybound.logon;

import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Port: the bank's registry of issued certificates, as logon needs it. Implemented over the
 * issuer's registry by an adapter; logon never reads the registry any other way. Implementations
 * must be safe for concurrent use and judge time by their own injected clock.
 */
public interface AccountDirectory {

    /**
     * The certificate's standing now. {@link CertificateStanding#UNKNOWN} unless the bank issued
     * <em>exactly this certificate</em> (same issuer and serial and the same DER bytes): logon
     * verifies challenge signatures with the presented certificate's key once it is
     * {@link CertificateStanding#CURRENT}, so a forged certificate reusing a real serial must
     * never pass. Revoked and superseded certificates stay so after they expire.
     */
    CertificateStanding standing(X509Certificate presented);

    /**
     * Whom a {@link CertificateStanding#CURRENT} certificate belongs to: its contract's
     * administrator or one of its users. Empty for any other certificate, and for a certificate
     * whose contract is closed.
     */
    Optional<Account> holderOf(X509Certificate presented);

    /**
     * Whether the contract has ever been issued an administrator certificate (manual I-2). While it
     * has not, and only then, the contract may log on by ID and password (A + B + イ) to reach the
     * acquisition step. An unknown contract answers {@code false}.
     */
    boolean hasAdministratorCertificate(String contractId);

    /**
     * The standing, holder and lock of a presented certificate ({@link CertificateAdmission}): what
     * a logon's first step reads. This default asks {@link #standing}, {@link #holderOf} and
     * {@code lockout} in turn; an implementation over a database should read all three in one
     * transaction, as they are asked on every logon.
     */
    default CertificateAdmission admission(X509Certificate presented, Lockout lockout) {
        CertificateStanding standing = standing(presented);
        if (standing != CertificateStanding.CURRENT) {
            return new CertificateAdmission(standing, Optional.empty(), false);
        }
        Optional<Account> holder = holderOf(presented);
        return new CertificateAdmission(standing, holder, holder.map(lockout::isLocked).orElse(false));
    }
}

package keybound.logon;

import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Port: the bank's registry of issued certificates, as logon needs it. Implemented over the
 * issuer's registry by an adapter; logon never reads the registry any other way.
 *
 * <p>Implementations must be safe for concurrent use.
 */
public interface AccountDirectory {

    /**
     * The registry's record of exactly this certificate: same issuer and serial number <em>and</em>
     * the same DER encoding as the certificate the bank issued. A certificate the bank did not
     * issue (another CA, a forged copy with a known serial) is empty, not an error. Revoked and
     * superseded certificates are returned with that status, so logon can tell them apart in its
     * own log; expiry is judged by logon from the certificate's dates and its clock.
     */
    Optional<RegisteredCertificate> find(X509Certificate presented);

    /**
     * Whether the contract has ever been issued an administrator certificate (manual I-2). While it
     * has not, and only then, the contract may log on by ID and password (A + B + イ) to reach the
     * acquisition step. An unknown contract answers {@code false}.
     */
    boolean hasAdministratorCertificate(String contractId);
}

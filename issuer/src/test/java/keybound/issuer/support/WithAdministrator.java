package keybound.issuer.support;

import keybound.issuer.IssuedCertificate;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.enrollment.AdministratorCredentials;
import keybound.testkit.keys.SoftwareKeys;
import org.junit.jupiter.api.BeforeEach;

/** An open contract whose administrator already holds a certificate: the starting point of every manual I-3 test. */
public abstract class WithAdministrator extends IssuerTestBase {

    protected OpenedContract contract;
    protected IssuedCertificate adminCertificate;

    @BeforeEach
    void administrator() {
        contract = openContract();
        adminCertificate = acquireAdministrator(contract, SoftwareKeys.ec());
    }

    /** The administrator's certificate and the right ロ, fresh for each call (a Secret is wiped after use). */
    protected AdministratorCredentials admin() {
        return admin(adminCertificate, contract);
    }
}

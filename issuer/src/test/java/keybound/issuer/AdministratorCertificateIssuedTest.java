package keybound.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import keybound.issuer.contract.Bank;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.enrollment.AdministratorAcquisition;
import keybound.issuer.store.Database;
import keybound.issuer.support.CountingDriver;
import keybound.issuer.support.Engine;
import keybound.issuer.support.IssuerTestBase;
import keybound.issuer.support.IssuerTokenCa;
import keybound.testkit.keys.SoftwareKeys;
import keybound.token.card.CardAttestationVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * "Has this contract ever had an administrator certificate?" (it ends the ID/password logon) is
 * asked of the registry as that question: one row comes back, however many certificates the
 * contract holds, on both engines.
 */
@ParameterizedClass
@EnumSource(Engine.class)
class AdministratorCertificateIssuedTest extends IssuerTestBase {

    @Test
    void answeredWithOneRowWhateverTheContractHolds() {
        CountingDriver driver = CountingDriver.instance();
        try (Database counted = engine.openCounted()) {
            var registryIssuer = new Issuer(counted, IssuerTokenCa.shared(), new CardAttestationVerifier(
                    List.of(MANUFACTURER.trustAnchor()), Clock.systemUTC()), config, clock);
            registryIssuer.backOffice().registerBank(new Bank(BANK, "Keybound Shinkin Bank", policy()));
            OpenedContract contract = registryIssuer.backOffice().openContract(BANK);
            OpenedContract other = registryIssuer.backOffice().openContract(BANK);
            CertificateRegistry registry = registryIssuer.registry();
            assertFalse(registry.administratorCertificateIssued(contract.contractId()));

            for (int i = 0; i < 3; i++) { // each supersedes the one before: three rows of the contract
                registryIssuer.acquireAdministrator(new AdministratorAcquisition(contract.contractId(),
                        contract.contractPin().copy(), contract.confirmationPin().copy(), SoftwareKeys.csr(SoftwareKeys.ec()),
                        SOFTHSM, Optional.empty()));
            }
            assertEquals(3, registry.certificates(contract.contractId()).size());

            long before = driver.rowsRead.get();
            assertTrue(registry.administratorCertificateIssued(contract.contractId()));
            assertEquals(1, driver.rowsRead.get() - before, "one row answers, not the contract's certificates");
            assertFalse(registry.administratorCertificateIssued(other.contractId()), "another contract's are not its");
        }
    }
}

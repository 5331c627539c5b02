package keybound.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.time.Duration;
import java.util.Optional;
import keybound.issuer.ca.RevocationReason;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.enrollment.AdministratorAcquisition;
import keybound.issuer.refusal.AcquisitionWindowClosedException;
import keybound.issuer.refusal.ContractClosedException;
import keybound.issuer.refusal.MalformedCsrException;
import keybound.issuer.refusal.UnknownContractException;
import keybound.issuer.refusal.WrongSecretException;
import keybound.issuer.store.CertificateStatus;
import keybound.issuer.support.Engine;
import keybound.issuer.support.IssuerTestBase;
import keybound.issuer.support.IssuerTokenCa;
import keybound.testkit.keys.SoftwareKeys;
import keybound.token.Secret;
import keybound.token.TokenKind;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Manual I-2: A + イ + ロ + CSR within the window gives the administrator certificate, CN = A + bank code. */
@ParameterizedClass
@EnumSource(Engine.class)
class AdministratorAcquisitionTest extends IssuerTestBase {

    @Test
    void issuesWithCnOfContractIdAndBankCodeWhateverTheCsrAsked() throws Exception {
        OpenedContract contract = openContract();
        KeyPair keys = SoftwareKeys.ec();
        IssuedCertificate issued = issuer.acquireAdministrator(new AdministratorAcquisition(contract.contractId(),
                contract.contractPin().copy(), contract.confirmationPin().copy(), SoftwareKeys.csr(keys, "CN=Mallory,O=Evil"),
                SOFTHSM, Optional.empty()));

        var subject = new X500Name(issued.certificate().getSubjectX500Principal().getName());
        assertEquals(contract.contractId().value() + "1234",
                IETFUtils.valueToString(subject.getRDNs(BCStyle.CN)[0].getFirst().getValue()));
        assertEquals(keys.getPublic(), issued.certificate().getPublicKey());
        issued.certificate().verify(issuer.caChain().get(0).getPublicKey());
        assertEquals(CertificateState.GOOD, issuer.registry().state(issued.certificate()));

        var row = issued.record();
        assertEquals(TokenKind.PKCS11, row.token().kind());
        assertEquals("SoftHSM v2", row.token().model());
        assertEquals("6a1c0f2e9d", row.token().serial());
        assertEquals(64, row.publicKeySha256().length());
        assertEquals(1, certificateCount());
        assertTrue(issuer.registry().administratorCertificateIssued(contract.contractId()));
    }

    @Test
    void aNewAdministratorCertificateSupersedesThePreviousOne() {
        OpenedContract contract = openContract();
        IssuedCertificate first = acquireAdministrator(contract, SoftwareKeys.ec());
        IssuedCertificate second = acquireAdministrator(contract, SoftwareKeys.ec());

        var firstNow = issuer.registry().certificates(contract.contractId()).stream()
                .filter(r -> r.serial().equals(first.serial())).findFirst().orElseThrow();
        assertEquals(CertificateStatus.REVOKED, firstNow.status());
        assertEquals(Optional.of(RevocationReason.SUPERSEDED), firstNow.revocationReason());
        assertEquals(Optional.of(second.serial()), firstNow.replacedBy());
        assertEquals(CertificateState.SUPERSEDED, issuer.registry().state(first.certificate()));
        assertEquals(CertificateState.GOOD, issuer.registry().state(second.certificate()));
    }

    @Test
    void refusedOnceTheWindowHasClosed() {
        OpenedContract contract = openContract();
        clock.advance(Duration.ofDays(80).minusSeconds(1));
        acquireAdministrator(contract, SoftwareKeys.ec()); // still inside on the last second
        clock.advance(Duration.ofSeconds(1));
        assertThrows(AcquisitionWindowClosedException.class, () -> acquireAdministrator(contract, SoftwareKeys.ec()));
        assertEquals(1, certificateCount());
    }

    @Test
    void windowLengthIsConfigurable() {
        var shortWindow = new Issuer(database, IssuerTokenCa.shared(),
                (statement, nonce) -> { throw new AssertionError("no attestation expected"); },
                config.withAcquisitionWindow(Duration.ofDays(10)), clock);
        OpenedContract contract = shortWindow.backOffice().openContract(BANK);
        clock.advance(Duration.ofDays(10));
        assertThrows(AcquisitionWindowClosedException.class, () -> shortWindow.acquireAdministrator(
                new AdministratorAcquisition(contract.contractId(), contract.contractPin().copy(),
                        contract.confirmationPin().copy(), SoftwareKeys.csr(SoftwareKeys.ec()), SOFTHSM, Optional.empty())));
    }

    @Test
    void applicationDateSetByTheBankStartsTheWindow() {
        OpenedContract contract = issuer.backOffice().openContract(BANK, clock.instant().minus(Duration.ofDays(81)));
        assertThrows(AcquisitionWindowClosedException.class, () -> acquireAdministrator(contract, SoftwareKeys.ec()));
    }

    @Test
    void aClosedWindowIsToldOnlyToWhoKnowsTheSecrets() {
        OpenedContract contract = issuer.backOffice().openContract(BANK, clock.instant().minus(Duration.ofDays(81)));
        var wrong = assertThrows(WrongSecretException.class, () -> issuer.acquireAdministrator(new AdministratorAcquisition(
                contract.contractId(), contract.contractPin().copy(), Secret.of("00000000x"),
                SoftwareKeys.csr(SoftwareKeys.ec()), SOFTHSM, Optional.empty())));
        assertEquals(4, wrong.triesLeft());
        assertEquals("1", queryString("SELECT failures FROM contract"), "the wrong secret counts toward the lockout");
        assertThrows(AcquisitionWindowClosedException.class, () -> acquireAdministrator(contract, SoftwareKeys.ec()));
        assertEquals("0", queryString("SELECT failures FROM contract"), "the right secrets clear the count");
        assertEquals(0, certificateCount());
    }

    @Test
    void aMalformedRequestIsRefusedBeforeAnySecretIsChecked() {
        OpenedContract contract = openContract();
        assertThrows(MalformedCsrException.class, () -> issuer.acquireAdministrator(new AdministratorAcquisition(
                contract.contractId(), Secret.of("wrong"), Secret.of("wrong"), new byte[] {0x30, 0x03, 0x02, 0x01, 0x01},
                SOFTHSM, Optional.empty())));
        assertEquals("0", queryString("SELECT failures FROM contract"));
    }

    @Test
    void wrongContractPinOrConfirmationPinIsRefusedAndRecordsNothing() {
        OpenedContract contract = openContract();
        var wrongI = assertThrows(WrongSecretException.class, () -> issuer.acquireAdministrator(new AdministratorAcquisition(
                contract.contractId(), Secret.of("00000000x"), contract.confirmationPin().copy(),
                SoftwareKeys.csr(SoftwareKeys.ec()), SOFTHSM, Optional.empty())));
        assertEquals("イ", wrongI.secretLabel());
        var wrongRo = assertThrows(WrongSecretException.class, () -> issuer.acquireAdministrator(new AdministratorAcquisition(
                contract.contractId(), contract.contractPin().copy(), Secret.of("00000000x"),
                SoftwareKeys.csr(SoftwareKeys.ec()), SOFTHSM, Optional.empty())));
        assertEquals("ロ", wrongRo.secretLabel());
        assertEquals(0, certificateCount());
    }

    @Test
    void unknownContractIsRefused() {
        OpenedContract contract = openContract();
        String other = contract.contractId().value().equals("0000000000") ? "0000000001" : "0000000000";
        assertThrows(UnknownContractException.class, () -> issuer.acquireAdministrator(new AdministratorAcquisition(
                new ContractId(other), contract.contractPin().copy(), contract.confirmationPin().copy(),
                SoftwareKeys.csr(SoftwareKeys.ec()), SOFTHSM, Optional.empty())));
        assertEquals(0, certificateCount());
    }

    @Test
    void closedContractIsRefusedAndItsCertificatesRevoked() {
        OpenedContract contract = openContract();
        IssuedCertificate admin = acquireAdministrator(contract, SoftwareKeys.ec());
        assertTrue(issuer.backOffice().closeContract(contract.contractId()));
        assertEquals(CertificateState.REVOKED, issuer.registry().state(admin.certificate()));
        assertThrows(ContractClosedException.class, () -> acquireAdministrator(contract, SoftwareKeys.ec()));
        assertEquals(1, certificateCount());
    }

    @Test
    void serialsAreRandomAndAtLeast64Bits() {
        OpenedContract contract = openContract();
        var a = acquireAdministrator(contract, SoftwareKeys.ec()).certificate().getSerialNumber();
        var b = acquireAdministrator(contract, SoftwareKeys.ec()).certificate().getSerialNumber();
        assertNotEquals(a, b);
        assertTrue(a.bitLength() >= 64 && b.bitLength() >= 64);
        assertTrue(a.signum() > 0);
    }
}

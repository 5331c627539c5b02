package keybound.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPair;
import java.util.Optional;
import keybound.issuer.refusal.AttestationRefusedException.Reason;
import keybound.issuer.contract.Bank;
import keybound.issuer.contract.BankCode;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.enrollment.AdministratorAcquisition;
import keybound.issuer.enrollment.TokenReport;
import keybound.issuer.policy.AttestationNonce;
import keybound.issuer.policy.AttestationPolicy;
import keybound.issuer.policy.AttestationResult;
import keybound.issuer.refusal.AttestationRefusedException;
import keybound.issuer.support.Engine;
import keybound.issuer.support.IssuerTestBase;
import keybound.issuer.support.TestManufacturer;
import keybound.testkit.keys.SoftwareKeys;
import keybound.token.AttestationStatement;
import keybound.token.TokenKind;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The bank's attestation policy: statements verify, bind the enrollment's nonce and attest the CSR's very key. */
@ParameterizedClass
@EnumSource(Engine.class)
class AttestationTest extends IssuerTestBase {

    private static final TokenReport CARD = new TokenReport(TokenKind.JAVA_CARD, "keybound applet 1.0", "KB-000042");

    @Override
    protected AttestationPolicy policy() {
        return AttestationPolicy.REQUIRED;
    }

    private IssuedCertificate acquire(OpenedContract contract, KeyPair keys, Optional<AttestationStatement> statement) {
        return issuer.acquireAdministrator(new AdministratorAcquisition(contract.contractId(), contract.contractPin().copy(),
                contract.confirmationPin().copy(), SoftwareKeys.csr(keys), CARD, statement));
    }

    private static byte[] nonce(OpenedContract contract, KeyPair keys) {
        return AttestationNonce.forEnrollment(contract.contractId(), "", SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
    }

    @Test
    void aGenuineStatementForTheCsrKeyIsAcceptedAndRecorded() {
        OpenedContract contract = openContract();
        KeyPair keys = SoftwareKeys.ec();
        IssuedCertificate issued = acquire(contract, keys,
                Optional.of(MANUFACTURER.attest("KB-000042", 1, nonce(contract, keys), keys.getPublic())));
        assertEquals(AttestationResult.verified("KB-000042"), issued.record().attestation());
        var stored = issuer.registry().certificates(contract.contractId()).get(0);
        assertEquals(AttestationResult.verified("KB-000042"), stored.attestation());
        assertEquals(TokenKind.JAVA_CARD, stored.token().kind());
        assertEquals("KB-000042", stored.token().serial());
    }

    @Test
    void requiredPolicyRefusesARequestWithoutStatement() {
        OpenedContract contract = openContract();
        var e = assertThrows(AttestationRefusedException.class, () -> acquire(contract, SoftwareKeys.ec(), Optional.empty()));
        assertEquals(Reason.MISSING, e.reason());
        assertEquals(0, certificateCount());
    }

    @Test
    void aForgedStatementIsRefused() {
        OpenedContract contract = openContract();
        KeyPair keys = SoftwareKeys.ec();
        var e = assertThrows(AttestationRefusedException.class, () -> acquire(contract, keys,
                Optional.of(MANUFACTURER.forge("KB-000042", 1, nonce(contract, keys), keys.getPublic()))));
        assertEquals(Reason.FORGED, e.reason());
        assertEquals(0, certificateCount());
    }

    @Test
    void aStatementFromAnUntrustedManufacturerIsRefused() {
        OpenedContract contract = openContract();
        KeyPair keys = SoftwareKeys.ec();
        var rogue = new TestManufacturer("Rogue Cards");
        var e = assertThrows(AttestationRefusedException.class, () -> acquire(contract, keys,
                Optional.of(rogue.attest("KB-1", 1, nonce(contract, keys), keys.getPublic()))));
        assertEquals(Reason.FORGED, e.reason());
    }

    @Test
    void aStatementForAnotherKeyIsRefused() {
        OpenedContract contract = openContract();
        KeyPair keys = SoftwareKeys.ec();
        KeyPair other = SoftwareKeys.ec();
        var e = assertThrows(AttestationRefusedException.class, () -> acquire(contract, keys,
                Optional.of(MANUFACTURER.attest("KB-000042", 1, nonce(contract, keys), other.getPublic()))));
        assertEquals(Reason.OTHER_KEY, e.reason());
        assertEquals(0, certificateCount());
    }

    @Test
    void aStatementMadeForAnotherEnrollmentIsRefused() {
        OpenedContract contract = openContract();
        OpenedContract another = openContract();
        KeyPair keys = SoftwareKeys.ec();
        var e = assertThrows(AttestationRefusedException.class, () -> acquire(contract, keys,
                Optional.of(MANUFACTURER.attest("KB-000042", 1, nonce(another, keys), keys.getPublic()))));
        assertEquals(Reason.FORGED, e.reason());
    }

    @Test
    void preferredPolicyAcceptsATokenWithoutAttestationAndRecordsItsAbsence() {
        var preferred = new BankCode("5678");
        issuer.backOffice().registerBank(new Bank(preferred, "Preferred Bank", AttestationPolicy.PREFERRED));
        OpenedContract contract = issuer.backOffice().openContract(preferred);
        IssuedCertificate issued = acquire(contract, SoftwareKeys.ec(), Optional.empty());
        assertEquals(AttestationResult.absent(), issued.record().attestation());
        // but a statement that is sent must still hold
        KeyPair keys = SoftwareKeys.ec();
        assertThrows(AttestationRefusedException.class, () -> acquire(contract, keys,
                Optional.of(MANUFACTURER.forge("KB-1", 1, nonce(contract, keys), keys.getPublic()))));
    }

    @Test
    void nonePolicyIgnoresStatements() {
        var none = new BankCode("9012");
        issuer.backOffice().registerBank(new Bank(none, "Plain Bank", AttestationPolicy.NONE));
        OpenedContract contract = issuer.backOffice().openContract(none);
        KeyPair keys = SoftwareKeys.ec();
        IssuedCertificate issued = acquire(contract, keys,
                Optional.of(MANUFACTURER.forge("KB-1", 1, nonce(contract, keys), keys.getPublic())));
        assertEquals(AttestationResult.ignored(), issued.record().attestation());
    }

    @Test
    void rsaKeysCanBeAttestedToo() {
        OpenedContract contract = openContract();
        KeyPair keys = SoftwareKeys.rsa(2048);
        IssuedCertificate issued = acquire(contract, keys,
                Optional.of(MANUFACTURER.attest("KB-7", 2, nonce(contract, keys), keys.getPublic())));
        assertEquals(AttestationResult.verified("KB-7"), issued.record().attestation());
    }
}

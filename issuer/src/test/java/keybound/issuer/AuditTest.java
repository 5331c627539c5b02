package keybound.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import keybound.issuer.audit.AuditEntry;
import keybound.issuer.audit.AuditEvent;
import keybound.issuer.audit.AuditVerification;
import keybound.issuer.audit.AuditVerifier;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.enrollment.AdministratorAcquisition;
import keybound.issuer.refusal.CsrTooLargeException;
import keybound.issuer.refusal.WrongSecretException;
import keybound.issuer.store.StoreException;
import keybound.issuer.support.Engine;
import keybound.issuer.support.IssuerTestBase;
import keybound.testkit.keys.SoftwareKeys;
import keybound.token.Secret;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The audit chain holds after real work, and the verifier names the first entry that was tampered with. */
@ParameterizedClass
@EnumSource(Engine.class)
class AuditTest extends IssuerTestBase {

    private OpenedContract contract;

    @BeforeEach
    void someHistory() {
        contract = openContract();
        acquireAdministrator(contract, SoftwareKeys.ec());
        acquireAdministrator(contract, SoftwareKeys.ec()); // issued + superseded
        assertThrows(CsrTooLargeException.class, () -> issuer.acquireAdministrator(
                new AdministratorAcquisition(contract.contractId(), contract.contractPin().copy(),
                        contract.confirmationPin().copy(), new byte[100_000], SOFTHSM, Optional.empty())));
        // Refused before the secrets were proven: in the minute's summary, no row of its own.
        assertEquals("0", queryString("SELECT COUNT(*) FROM audit_entry WHERE event = 'DENIED'"));
        assertThrows(WrongSecretException.class, () -> issuer.acquireAdministrator(
                new AdministratorAcquisition(contract.contractId(), contract.contractPin().copy(),
                        Secret.of("00000000"), SoftwareKeys.csr(SoftwareKeys.ec()), SOFTHSM, Optional.empty())));
    }

    @Test
    void anUntouchedChainVerifies() {
        AuditVerification result = new AuditVerifier(database).verify();
        assertTrue(result.intact(), result.toString());
        // bank, contract, issued, issued, revoked(superseded), wrong secret
        assertEquals(6, result.entriesChecked());
        assertEquals("WRONG_SECRET", queryString("SELECT event FROM audit_entry WHERE seq = 6"));
    }

    @Test
    void anEditedEntryIsNamed() {
        sql("UPDATE audit_entry SET detail = 'nothing to see' WHERE seq = 3");
        AuditVerification result = new AuditVerifier(database).verify();
        assertFalse(result.intact());
        assertEquals(Optional.of(3L), result.firstBrokenSeq());
        assertEquals(2, result.entriesChecked());
    }

    @Test
    void aRemovedEntryIsNamed() {
        sql("DELETE FROM audit_entry WHERE seq = 4");
        assertEquals(Optional.of(4L), new AuditVerifier(database).verify().firstBrokenSeq());
    }

    @Test
    void entriesCutOffTheEndAreNoticed() {
        sql("DELETE FROM audit_entry WHERE seq >= 5");
        AuditVerification result = new AuditVerifier(database).verify();
        assertEquals(Optional.of(5L), result.firstBrokenSeq());
        assertEquals(4, result.entriesChecked());
    }

    @Test
    void aRehashedButUnlinkedEntryIsNamed() {
        // an attacker who recomputes entry 2's own hash still breaks entry 3's link to it
        String hash = AuditEntry.hash(2, Instant.parse("2026-03-02T09:00:00Z"),
                AuditEvent.CONTRACT_OPENED, "contract:x", "forged",
                queryString("SELECT previous_hash FROM audit_entry WHERE seq = 2"));
        sql("UPDATE audit_entry SET subject = 'contract:x', detail = 'forged', at = TIMESTAMP WITH TIME ZONE "
                + "'2026-03-02 09:00:00+00', entry_hash = '" + hash + "' WHERE seq = 2");
        assertEquals(Optional.of(3L), new AuditVerifier(database).verify().firstBrokenSeq());
    }

    @Test
    void aCrashInTheMiddleOfAnIssuanceLeavesNoHalfState() {
        // the audit append fails after the certificate row was inserted and the old one superseded
        sql("DELETE FROM audit_head");
        int before = certificateCount();
        String activeBefore = queryString("SELECT serial FROM certificate WHERE status = 'ACTIVE'");
        assertThrows(StoreException.class, () -> acquireAdministrator(contract, SoftwareKeys.ec()));
        assertEquals(before, certificateCount());
        assertEquals(activeBefore, queryString("SELECT serial FROM certificate WHERE status = 'ACTIVE'"));
    }
}

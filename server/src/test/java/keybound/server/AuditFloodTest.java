package keybound.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import keybound.bankapi.BankApi;
import keybound.bankapi.client.BankApiException;
import keybound.bankapi.client.BankClient;
import keybound.server.fixture.BankFixture;
import keybound.testkit.keys.SoftwareKeys;
import keybound.testkit.softhsm.SoftHsmExtension;
import keybound.token.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood of acquisitions by someone who knows no secret (made-up contract IDs, a locked
 * contract) writes one counted summary row a minute to the audit chain, not a row each, and
 * none of the IDs the flood chose; the summary gives the minute's durable count of such refusals
 * from the registry too.
 */
@ExtendWith(SoftHsmExtension.class)
class AuditFloodTest {

    private static final BankApi.TokenDescription SOFT = new BankApi.TokenDescription("PKCS11", "software (test)", "1");
    private static final int FLOOD = 120;

    @TempDir
    Path directory;

    private BankFixture bank;

    @AfterEach
    void close() {
        if (bank != null) {
            bank.close();
        }
    }

    @Test
    void aFloodOfUnauthenticatedRefusalsIsOneSummaryRowAMinute() {
        bank = BankFixture.open(directory, "limits.secret-requests-per-second=100000", "limits.secret-request-burst=100000");
        BankApi.OpenedContract locked = bank.openContract("NONE");
        BankClient anonymous = bank.anonymous();
        String csr = BankClient.base64(SoftwareKeys.csr(SoftwareKeys.ec()));
        for (int i = 0; i < 5; i++) { // locks it: five wrong secrets, each counted and audited
            refused(anonymous, locked.contractId(), csr);
        }
        long before = denied();
        List<String> madeUp = new ArrayList<>();
        for (int i = 0; i < FLOOD; i++) {
            String id = i % 2 == 0 ? "9" + String.format("%09d", 100_000_000 + i) : locked.contractId();
            if (i % 2 == 0) {
                madeUp.add(id);
            }
            refused(anonymous, id, csr);
        }
        assertEquals(before, denied(), "nothing written for each refusal");

        bank.advance(Duration.ofMinutes(1));
        refused(anonymous, "9999999999", csr);
        assertEquals(before + 1, denied(), "the last minute's summary, written once");
        String summary = lastDeniedDetail();
        assertTrue(summary.contains("UnknownContractException=" + FLOOD / 2), summary);
        assertTrue(summary.contains("AccountLockedException=" + FLOOD / 2), summary);
        // and the registry's durable count of the minute (unattributed_refusal, every node's): the whole flood
        assertTrue(summary.contains("unattributed-all-nodes=" + FLOOD), summary);
        for (String id : madeUp) {
            assertFalse(summary.contains(id), "no chosen ID in the audit");
        }
    }

    private static void refused(BankClient client, String contractId, String csr) {
        var e = assertThrows(BankApiException.class, () -> client.acquireAdministrator(new BankApi.AdministratorAcquisition(
                contractId, Secret.of("000000"), Secret.of("000000"), csr, SOFT, null)));
        assertEquals("credentials-rejected", e.code());
    }

    private long denied() {
        return bank.database().inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM audit_entry WHERE event = 'DENIED'");
                 ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    private String lastDeniedDetail() {
        return bank.database().inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT subject, detail FROM audit_entry WHERE event = 'DENIED' ORDER BY seq DESC");
                 ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getString(1) + " " + rows.getString(2);
            }
        });
    }
}

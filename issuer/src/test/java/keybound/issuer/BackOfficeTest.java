package keybound.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import keybound.issuer.contract.BankCode;
import keybound.issuer.contract.CardCell;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.ContractSecret;
import keybound.issuer.contract.CustomerCard;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.contract.RegisteredUser;
import keybound.issuer.refusal.ContractClosedException;
import keybound.issuer.refusal.InvalidRequestException;
import keybound.issuer.refusal.WrongSecretException;
import keybound.issuer.contract.UserId;
import keybound.issuer.support.Engine;
import keybound.issuer.support.IssuerTestBase;
import keybound.testkit.keys.SoftwareKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Opening a contract generates A, B/イ/ロ and a card, returns them once and stores none of them in clear. */
@ParameterizedClass
@EnumSource(Engine.class)
class BackOfficeTest extends IssuerTestBase {

    @Test
    void openingGeneratesTheSecretsAndTheCard() {
        OpenedContract contract = openContract();
        assertTrue(contract.contractId().value().matches("[0-9]{10}"));
        assertEquals(12, contract.confirmationPassword().length());
        assertTrue(contract.contractPin().withChars(String::new).matches("[0-9]{8}"));
        assertTrue(contract.confirmationPin().withChars(String::new).matches("[0-9]{8}"));
        assertEquals(5, contract.card().rows());
        assertEquals(10, contract.card().columns());
        assertTrue(contract.card().cell(new CardCell(4, 9)).matches("[0-9]{2}"));
        assertFalse(contract.toString().contains(contract.contractPin().withChars(String::new)));
        assertTrue(contract.card().toString().contains("****"));
        assertNotEquals(contract.contractId(), openContract().contractId());
        // each secret checks against its own hash
        issuer.secrets().checkContract(contract.contractId(), ContractSecret.CONFIRMATION_PASSWORD,
                contract.confirmationPassword().copy());
        issuer.secrets().checkContract(contract.contractId(), ContractSecret.CONTRACT_PIN, contract.contractPin().copy());
        issuer.secrets().checkContract(contract.contractId(), ContractSecret.CONFIRMATION_PIN, contract.confirmationPin().copy());
        assertThrows(WrongSecretException.class, () -> issuer.secrets().checkContract(contract.contractId(),
                ContractSecret.CONFIRMATION_PIN, contract.contractPin().copy()));
    }

    @Test
    void noSecretAndNoCardCellIsStoredInClear() {
        OpenedContract contract = openContract();
        var admin = admin(acquireAdministrator(contract, SoftwareKeys.ec()), contract);
        RegisteredUser user = issuer.users().register(admin, new UserId("u1"));
        String row = dump("SELECT * FROM contract") + dump("SELECT * FROM contract_user") + dump("SELECT * FROM audit_entry");
        List<String> secrets = new ArrayList<>(List.of(contract.confirmationPassword().withChars(String::new),
                contract.contractPin().withChars(String::new), contract.confirmationPin().withChars(String::new), user.userPin().withChars(String::new),
                user.userConfirmationPin().withChars(String::new)));
        CustomerCard card = contract.card();
        StringBuilder firstRow = new StringBuilder();
        for (int c = 0; c < card.columns(); c++) {
            firstRow.append(card.cell(new CardCell(0, c)));
        }
        secrets.add(firstRow.toString());
        for (String secret : secrets) {
            assertFalse(row.contains(secret), "a secret is stored in clear");
        }
        assertTrue(queryString("SELECT contract_pin_hash FROM contract").startsWith("$argon2id$"));
    }

    @Test
    void unknownBankIsRefused() {
        assertThrows(InvalidRequestException.class, () -> issuer.backOffice().openContract(new BankCode("9999")));
    }

    @Test
    void unlockTellsNotLockedFromUnknown() {
        OpenedContract contract = openContract();
        var admin = admin(acquireAdministrator(contract, SoftwareKeys.ec()), contract);
        issuer.users().register(admin, new UserId("u1"));
        BackOffice office = issuer.backOffice();
        assertEquals(UnlockOutcome.NOT_LOCKED, office.unlockContract(contract.contractId()));
        assertEquals(UnlockOutcome.UNKNOWN, office.unlockContract(new ContractId("9999999999")));
        assertEquals(UnlockOutcome.NOT_LOCKED, office.unlockUser(contract.contractId(), new UserId("u1")));
        assertEquals(UnlockOutcome.UNKNOWN, office.unlockUser(contract.contractId(), new UserId("u2")));
        assertEquals(UnlockOutcome.UNKNOWN, office.unlockUser(new ContractId("9999999999"), new UserId("u1")));
        sql("UPDATE contract SET status = 'LOCKED'");
        assertEquals(UnlockOutcome.UNLOCKED, office.unlockContract(contract.contractId()));
        assertEquals("1", queryString("SELECT COUNT(*) FROM audit_entry WHERE event = 'UNLOCKED'"), "only a real unlock is audited");
    }

    @Test
    void openingTellsWhenTheAcquisitionWindowCloses() {
        clock.advance(Duration.ofHours(5));
        OpenedContract now = openContract();
        assertEquals(clock.instant().plus(Duration.ofDays(80)), now.acquisitionClosesAt());
        Instant applied = clock.instant().minus(Duration.ofDays(30));
        assertEquals(applied.plus(Duration.ofDays(80)), issuer.backOffice().openContract(BANK, applied).acquisitionClosesAt());
    }

    @Test
    void closeReportsWhetherItChangedAnything() {
        OpenedContract contract = openContract();
        assertTrue(issuer.backOffice().closeContract(contract.contractId()));
        assertFalse(issuer.backOffice().closeContract(contract.contractId()), "already closed");
        assertThrows(ContractClosedException.class, () -> issuer.secrets().checkContract(contract.contractId(),
                ContractSecret.CONTRACT_PIN, contract.contractPin().copy()));
    }

    private String dump(String query) {
        return database.inTransaction(c -> {
            var out = new StringBuilder();
            try (var s = c.createStatement(); var rows = s.executeQuery(query)) {
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    for (int i = 1; i <= columns; i++) {
                        out.append(rows.getString(i)).append('|');
                    }
                }
            }
            return out.toString();
        });
    }
}

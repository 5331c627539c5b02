package keybound.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import keybound.credentials.HashParameters;
import keybound.issuer.contract.CardCell;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.ContractSecret;
import keybound.issuer.contract.ContractStatus;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.contract.RegisteredUser;
import keybound.issuer.contract.UserId;
import keybound.issuer.contract.UserSecret;
import keybound.issuer.enrollment.AdministratorAcquisition;
import keybound.issuer.refusal.AccountLockedException;
import keybound.issuer.refusal.UnknownContractException;
import keybound.issuer.refusal.UnknownUserException;
import keybound.issuer.refusal.WrongSecretException;
import keybound.issuer.support.Engine;
import keybound.issuer.support.IssuerTestBase;
import keybound.issuer.support.IssuerTokenCa;
import keybound.testkit.keys.SoftwareKeys;
import keybound.token.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Each wrong secret counts in its own transaction; at 5 the account locks; locked refuses before checking. */
@ParameterizedClass
@EnumSource(Engine.class)
class LockoutTest extends IssuerTestBase {

    @Test
    void fiveWrongSecretsLockTheContractAndTheRightOneIsThenRefused() {
        OpenedContract contract = openContract();
        SecretChecks checks = issuer.secrets();
        for (int i = 1; i <= 4; i++) {
            var e = assertThrows(WrongSecretException.class,
                    () -> checks.checkContract(contract.contractId(), ContractSecret.CONTRACT_PIN, Secret.of("wrong")));
            assertEquals(5 - i, e.triesLeft());
            assertEquals(String.valueOf(i), queryString("SELECT failures FROM contract"));
        }
        var fifth = assertThrows(WrongSecretException.class,
                () -> checks.checkContract(contract.contractId(), ContractSecret.CONFIRMATION_PIN, Secret.of("wrong")));
        assertEquals(0, fifth.triesLeft());
        assertEquals("LOCKED", queryString("SELECT status FROM contract"));

        assertThrows(AccountLockedException.class,
                () -> checks.checkContract(contract.contractId(), ContractSecret.CONTRACT_PIN, contract.contractPin().copy()));
        assertEquals("5", queryString("SELECT failures FROM contract"), "a locked account checks nothing and counts nothing");
        assertThrows(AccountLockedException.class, () -> acquireAdministrator(contract, SoftwareKeys.ec()));
        assertEquals(0, certificateCount());
        assertEquals("1", queryString("SELECT COUNT(*) FROM audit_entry WHERE event = 'LOCKOUT'"));

        assertEquals(UnlockOutcome.UNLOCKED, issuer.backOffice().unlockContract(contract.contractId()));
        checks.checkContract(contract.contractId(), ContractSecret.CONTRACT_PIN, contract.contractPin().copy());
        assertEquals(ContractStatus.OPEN.name(), queryString("SELECT status FROM contract"));
    }

    @Test
    void aWrongSecretDuringAcquisitionStaysCountedAlthoughTheAcquisitionFails() {
        OpenedContract contract = openContract();
        assertThrows(WrongSecretException.class, () -> issuer.acquireAdministrator(
                new AdministratorAcquisition(contract.contractId(), Secret.of("1"),
                        contract.confirmationPin().copy(), SoftwareKeys.csr(SoftwareKeys.ec()), SOFTHSM, Optional.empty())));
        assertEquals("1", queryString("SELECT failures FROM contract"));
        acquireAdministrator(contract, SoftwareKeys.ec());
        assertEquals("0", queryString("SELECT failures FROM contract"), "a right secret clears the counter");
    }

    @Test
    void thresholdIsConfigurable() {
        var strict = new Issuer(database, IssuerTokenCa.shared(),
                (s, n) -> { throw new AssertionError(); }, config.withLockoutThreshold(2), clock);
        OpenedContract contract = strict.backOffice().openContract(BANK);
        assertThrows(WrongSecretException.class,
                () -> strict.secrets().checkContract(contract.contractId(), ContractSecret.CONTRACT_PIN, Secret.of("x")));
        var second = assertThrows(WrongSecretException.class,
                () -> strict.secrets().checkContract(contract.contractId(), ContractSecret.CONTRACT_PIN, Secret.of("x")));
        assertEquals(0, second.triesLeft());
        assertThrows(AccountLockedException.class,
                () -> strict.secrets().checkContract(contract.contractId(), ContractSecret.CONTRACT_PIN, contract.contractPin().copy()));
    }

    @Test
    void usersLockSeparatelyFromTheirContract() {
        OpenedContract contract = openContract();
        var admin = admin(acquireAdministrator(contract, SoftwareKeys.ec()), contract);
        RegisteredUser user = registerAndAuthorise(admin, "clerk1");
        for (int i = 0; i < 5; i++) {
            assertThrows(WrongSecretException.class,
                    () -> issuer.secrets().checkUser(user.contract(), user.userId(), UserSecret.USER_PIN, Secret.of("bad")));
        }
        assertThrows(AccountLockedException.class, () -> issuer.acquireUser(
                userAcquisition(user, SoftwareKeys.ec(), Optional.empty())));
        // the contract itself is unaffected
        issuer.secrets().checkContract(contract.contractId(), ContractSecret.CONTRACT_PIN, contract.contractPin().copy());
        assertEquals(UnlockOutcome.UNLOCKED, issuer.backOffice().unlockUser(user.contract(), user.userId()));
        assertEquals(UnlockOutcome.NOT_LOCKED, issuer.backOffice().unlockUser(user.contract(), user.userId()));
        issuer.acquireUser(userAcquisition(user, SoftwareKeys.ec(), Optional.empty()));
    }

    @Test
    void failuresOfFactorsCheckedElsewhereShareTheSameLockout() {
        OpenedContract contract = openContract();
        SecretChecks checks = issuer.secrets();
        for (int i = 0; i < 4; i++) {
            assertThrows(WrongSecretException.class,
                    () -> checks.checkContract(contract.contractId(), ContractSecret.CONTRACT_PIN, Secret.of("no")));
        }
        assertEquals(false, checks.isLocked(contract.contractId()));
        FailureCount count = checks.countContractFailure(contract.contractId(), "totp");
        assertEquals(new FailureCount(5, true, 0), count);
        assertTrue(checks.isLocked(contract.contractId()));
        assertEquals("1", queryString("SELECT COUNT(*) FROM audit_entry WHERE detail LIKE 'secret=totp%'"));
        assertThrows(UnknownContractException.class,
                () -> checks.countContractFailure(new ContractId("0000000000"), "totp"));

        var other = openContract();
        var admin = admin(acquireAdministrator(other, SoftwareKeys.ec()), other);
        RegisteredUser user = registerAndAuthorise(admin, "u9");
        assertEquals(new FailureCount(1, false, 4), checks.countUserFailure(user.contract(), user.userId(), "signature"));
        assertEquals(false, checks.isLocked(user.contract(), user.userId()));
    }

    @Test
    void hashesMadeWithOldParametersAreReplacedOnTheNextRightSecret() {
        OpenedContract contract = openContract();
        var stronger = new Issuer(database, IssuerTokenCa.shared(), (s, n) -> { throw new AssertionError(); },
                config.withSecretHashing(new HashParameters(128, 2, 1)), clock);
        assertTrue(queryString("SELECT contract_pin_hash FROM contract").startsWith("$argon2id$v=19$m=64,t=1,p=1$"));
        assertThrows(WrongSecretException.class, () -> stronger.secrets().checkContract(contract.contractId(),
                ContractSecret.CONTRACT_PIN, Secret.of("wrong")));
        assertTrue(queryString("SELECT contract_pin_hash FROM contract").startsWith("$argon2id$v=19$m=64,t=1,p=1$"),
                "a wrong secret changes no hash");
        stronger.secrets().checkContract(contract.contractId(), ContractSecret.CONTRACT_PIN, contract.contractPin().copy());
        assertTrue(queryString("SELECT contract_pin_hash FROM contract").startsWith("$argon2id$v=19$m=128,t=2,p=1$"));
        assertTrue(queryString("SELECT confirmation_pin_hash FROM contract").startsWith("$argon2id$v=19$m=64,"),
                "only the secret that was checked");
        stronger.secrets().checkContract(contract.contractId(), ContractSecret.CONTRACT_PIN, contract.contractPin().copy());
        issuer.secrets().checkContract(contract.contractId(), ContractSecret.CONTRACT_PIN, contract.contractPin().copy());
    }

    @Test
    void unknownAccountsAreRefusedAsUnknown() {
        OpenedContract contract = openContract();
        assertThrows(UnknownContractException.class, () -> issuer.secrets().checkContract(
                new ContractId("0000000001"), ContractSecret.CONTRACT_PIN, Secret.of("x")));
        assertThrows(UnknownUserException.class, () -> issuer.secrets().checkUser(contract.contractId(),
                new UserId("nobody"), UserSecret.USER_PIN, Secret.of("x")));
        assertEquals("0", queryString("SELECT failures FROM contract"));
    }

    @Test
    void customerCardAnswersAreCheckedAndWrongOnesCount() {
        OpenedContract contract = openContract();
        var cells = List.of(new CardCell(0, 3), new CardCell(4, 9), new CardCell(2, 0));
        String answer = cells.stream().map(contract.card()::cell).reduce("", String::concat);
        issuer.secrets().checkCard(contract.contractId(), cells, Secret.of(answer));

        char[] wrong = answer.toCharArray();
        wrong[0] = wrong[0] == '9' ? '0' : (char) (wrong[0] + 1);
        assertThrows(WrongSecretException.class,
                () -> issuer.secrets().checkCard(contract.contractId(), cells, Secret.of(wrong)));
        assertEquals("1", queryString("SELECT failures FROM contract"));
        assertEquals(5, issuer.secrets().cardDimensions(contract.contractId())[0]);
    }
}

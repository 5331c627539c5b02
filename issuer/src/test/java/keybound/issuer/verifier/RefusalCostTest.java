package keybound.issuer.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import keybound.credentials.HashParameters;
import keybound.credentials.SecretHasher;
import keybound.credentials.SecretVerifiers;
import keybound.credentials.VerifierKey;
import keybound.issuer.Issuer;
import keybound.issuer.SecretChecks;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.ContractSecret;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.contract.RegisteredUser;
import keybound.issuer.contract.UserId;
import keybound.issuer.contract.UserSecret;
import keybound.issuer.refusal.AccountLockedException;
import keybound.issuer.refusal.UnknownContractException;
import keybound.issuer.refusal.UnknownUserException;
import keybound.issuer.refusal.WrongSecretException;
import keybound.issuer.support.Engine;
import keybound.issuer.support.IssuerTestBase;
import keybound.issuer.support.IssuerTokenCa;
import keybound.testkit.keys.SoftwareKeys;
import keybound.token.Secret;
import keybound.token.Token;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A known account and an unknown (or locked) one cost the same work: the same number of MACs on
 * the bank's token per answer, right or wrong, for contracts and users, one secret or two. The
 * time itself is for the logon benchmark; this counts the work that makes it.
 */
@ParameterizedClass
@EnumSource(Engine.class)
class RefusalCostTest extends IssuerTestBase {

    private static Token bankToken;
    private static TokenVerifierKey tokenKey;
    private final AtomicInteger macs = new AtomicInteger();

    @BeforeAll
    static void openKey() {
        bankToken = IssuerTokenCa.softHsmToken("refusal-cost");
        try (Secret pin = Secret.of(IssuerTokenCa.CA_PIN)) {
            tokenKey = TokenVerifierKey.open(bankToken, pin, "secret-verifier-1", true, 2);
        }
    }

    @AfterAll
    static void closeKey() {
        tokenKey.close();
        bankToken.close();
    }

    /** The token's key, each MAC counted. */
    private VerifierKey counted() {
        return new VerifierKey() {
            @Override
            public String label() {
                return tokenKey.label();
            }

            @Override
            public byte[] mac(byte[] data) {
                macs.incrementAndGet();
                return tokenKey.mac(data);
            }
        };
    }

    private int macsFor(Runnable check) {
        macs.set(0);
        try {
            check.run();
        } catch (RuntimeException refused) {
            // refused or accepted, the work is what is counted
        }
        return macs.get();
    }

    @Test
    void knownUnknownAndLockedAccountsCostTheSameMacs() {
        Issuer keyed = new Issuer(database, IssuerTokenCa.shared(), (s, n) -> { throw new AssertionError(); }, config,
                new SecretVerifiers(counted(), List.of(), new SecretHasher(HashParameters.testing())), clock);
        OpenedContract contract = keyed.backOffice().openContract(BANK);
        OpenedContract locked = keyed.backOffice().openContract(BANK);
        SecretChecks checks = keyed.secrets();
        ContractId unknown = new ContractId("0000000001");
        for (int i = 0; i < config.lockoutThreshold(); i++) {
            assertThrows(WrongSecretException.class,
                    () -> checks.checkContract(locked.contractId(), ContractSecret.CONTRACT_PIN, Secret.of("000000")));
        }
        assertThrows(AccountLockedException.class,
                () -> checks.checkContract(locked.contractId(), ContractSecret.CONTRACT_PIN, Secret.of("000000")));

        int right = macsFor(() -> checks.checkContract(contract.contractId(), ContractSecret.CONTRACT_PIN,
                contract.contractPin().copy()));
        assertEquals(1, right);
        assertEquals(right, macsFor(() -> checks.checkContract(contract.contractId(), ContractSecret.CONTRACT_PIN,
                Secret.of("000000"))), "a wrong secret");
        assertEquals(right, macsFor(() -> assertThrows(UnknownContractException.class,
                () -> checks.checkContract(unknown, ContractSecret.CONTRACT_PIN, Secret.of("000000")))), "an unknown contract");
        assertEquals(right, macsFor(() -> checks.checkContract(locked.contractId(), ContractSecret.CONTRACT_PIN,
                locked.contractPin().copy())), "a locked contract, even with the right secret");

        // ID/password logon: two answers, B and イ.
        int both = macsFor(() -> checks.checkContract(contract.contractId(), List.of(
                Map.entry(ContractSecret.CONFIRMATION_PASSWORD, contract.confirmationPassword().copy()),
                Map.entry(ContractSecret.CONTRACT_PIN, contract.contractPin().copy()))));
        assertEquals(2, both);
        assertEquals(both, macsFor(() -> checks.checkContract(unknown, List.of(
                Map.entry(ContractSecret.CONFIRMATION_PASSWORD, Secret.of("x")),
                Map.entry(ContractSecret.CONTRACT_PIN, Secret.of("000000"))))), "an unknown contract, two answers");

        issuer = keyed;
        var admin = admin(acquireAdministrator(contract, SoftwareKeys.ec()), contract);
        RegisteredUser user = keyed.users().register(admin, new UserId("clerk1"));
        int userRight = macsFor(() -> checks.checkUser(user.contract(), user.userId(), UserSecret.USER_PIN, user.userPin().copy()));
        assertEquals(1, userRight);
        assertEquals(userRight, macsFor(() -> assertThrows(UnknownUserException.class, () -> checks.checkUser(
                user.contract(), new UserId("nobody"), UserSecret.USER_PIN, Secret.of("000000")))), "an unknown user");
        assertEquals(userRight, macsFor(() -> checks.checkUser(unknown, new UserId("nobody"), UserSecret.USER_PIN,
                Secret.of("000000"))), "a user of an unknown contract");
    }
}

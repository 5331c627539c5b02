package keybound.issuer.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import keybound.credentials.HashParameters;
import keybound.testkit.keys.SoftwareKeys;
import keybound.credentials.SecretHasher;
import keybound.credentials.SecretVerifiers;
import keybound.credentials.VerifierKey;
import keybound.credentials.VerifierUnavailableException;
import keybound.credentials.fixture.SoftwareVerifierKey;
import keybound.issuer.Issuer;
import keybound.issuer.contract.ContractSecret;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.contract.RegisteredUser;
import keybound.issuer.contract.UserId;
import keybound.issuer.contract.UserSecret;
import keybound.issuer.refusal.WrongSecretException;
import keybound.issuer.support.Engine;
import keybound.issuer.support.IssuerTestBase;
import keybound.issuer.support.IssuerTokenCa;
import keybound.token.Secret;
import keybound.token.Token;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Secrets verified with HMAC keys on a real SoftHSM token, on H2 and PostgreSQL: what the
 * registry stores, that a copy of it verifies nothing without the token, re-keying of Argon2id
 * and older-key verifiers on the next right answer, and failing closed (counting nothing) when
 * the token is gone.
 */
@ParameterizedClass
@EnumSource(Engine.class)
class TokenKeyedVerifierTest extends IssuerTestBase {

    private static Token bankToken;
    private static TokenVerifierKey v1;
    private static TokenVerifierKey v2;

    @BeforeAll
    static void openKeys() {
        bankToken = IssuerTokenCa.softHsmToken("verifier");
        v1 = key("secret-verifier-1");
        v2 = key("secret-verifier-2");
    }

    @AfterAll
    static void closeKeys() {
        v1.close();
        v2.close();
        bankToken.close();
    }

    private static TokenVerifierKey key(String label) {
        try (Secret pin = Secret.of(IssuerTokenCa.CA_PIN)) {
            return TokenVerifierKey.open(bankToken, pin, label, true, 4);
        }
    }

    private SecretHasher argon2() {
        return new SecretHasher(HashParameters.testing());
    }

    private Issuer issuerWith(SecretVerifiers verifiers) {
        return new Issuer(database, IssuerTokenCa.shared(), (s, n) -> { throw new AssertionError(); }, config, verifiers, clock);
    }

    private String stored(ContractSecret which) {
        return queryString("SELECT " + which.column() + " FROM contract");
    }

    @Test
    void newSecretsAreStoredAsTokenMacsNamingTheKeyAndCheckedWithLockoutAsBefore() {
        Issuer keyed = issuerWith(new SecretVerifiers(v1, List.of(), argon2()));
        OpenedContract contract = keyed.backOffice().openContract(BANK);
        for (ContractSecret which : ContractSecret.values()) {
            assertTrue(stored(which).startsWith("$hmac-sha256$k=secret-verifier-1$"), stored(which));
        }
        assertNotEquals(stored(ContractSecret.CONTRACT_PIN), stored(ContractSecret.CONFIRMATION_PIN), "salted per secret");

        keyed.secrets().checkContract(contract.contractId(), ContractSecret.CONTRACT_PIN, contract.contractPin().copy());
        var wrong = assertThrows(WrongSecretException.class, () -> keyed.secrets().checkContract(contract.contractId(),
                ContractSecret.CONTRACT_PIN, Secret.of("000000")));
        assertEquals(4, wrong.triesLeft());
        assertEquals("1", queryString("SELECT failures FROM contract"));
    }

    @Test
    void aCopyOfTheRegistryVerifiesNothingUnderAnyOtherKey() throws Exception {
        Issuer keyed = issuerWith(new SecretVerifiers(v1, List.of(), argon2()));
        OpenedContract contract = keyed.backOffice().openContract(BANK);
        String copied = stored(ContractSecret.CONTRACT_PIN);
        assertTrue(new SecretVerifiers(v1, List.of(), argon2()).verify(contract.contractPin().copy(), copied));

        // Every other key the thief could hold, presented under the label the copy names.
        List<VerifierKey> others = new ArrayList<>();
        others.add(SoftwareVerifierKey.renamed(v2, "secret-verifier-1"));
        try (Token otherToken = IssuerTokenCa.softHsmToken("thief"); Secret pin = Secret.of(IssuerTokenCa.CA_PIN);
             TokenVerifierKey sameLabelElsewhere = TokenVerifierKey.open(otherToken, pin, "secret-verifier-1", true, 1)) {
            others.add(sameLabelElsewhere);
            for (int i = 0; i < 16; i++) {
                others.add(new SoftwareVerifierKey("secret-verifier-1"));
            }
            others.add(new SoftwareVerifierKey("secret-verifier-1", new byte[32]));
            for (VerifierKey other : others) {
                assertFalse(new SecretVerifiers(other, List.of(), argon2()).verify(contract.contractPin().copy(), copied),
                        "a key other than the bank's verified the copied verifier");
            }
        }
        // Without any key named in it, a copied verifier cannot even be tried.
        assertThrows(VerifierUnavailableException.class,
                () -> SecretVerifiers.argon2Only(argon2()).verify(contract.contractPin().copy(), copied));
    }

    @Test
    void argon2idVerifiersAreReKeyedOnTheNextRightAnswerAndNotOnAWrongOne() {
        OpenedContract contract = issuer.backOffice().openContract(BANK); // the base issuer: Argon2id only
        String before = stored(ContractSecret.CONTRACT_PIN);
        assertTrue(before.startsWith("$argon2id$"));

        Issuer keyed = issuerWith(new SecretVerifiers(v1, List.of(), argon2()));
        assertThrows(WrongSecretException.class, () -> keyed.secrets().checkContract(contract.contractId(),
                ContractSecret.CONTRACT_PIN, Secret.of("000000")));
        assertEquals(before, stored(ContractSecret.CONTRACT_PIN), "a wrong answer re-keys nothing");

        keyed.secrets().checkContract(contract.contractId(), ContractSecret.CONTRACT_PIN, contract.contractPin().copy());
        assertTrue(stored(ContractSecret.CONTRACT_PIN).startsWith("$hmac-sha256$k=secret-verifier-1$"));
        assertEquals("0", queryString("SELECT failures FROM contract"), "cleared in the same transaction");
        assertTrue(stored(ContractSecret.CONFIRMATION_PIN).startsWith("$argon2id$"), "only the answered secret moves");
        keyed.secrets().checkContract(contract.contractId(), ContractSecret.CONTRACT_PIN, contract.contractPin().copy());
        assertEquals(Map.of("argon2id", 2L, "secret-verifier-1", 1L), keyed.backOffice().verifierVersions());
    }

    @Test
    void aNewKeyVersionTakesOverAndOldVerifiersMoveOnTheirOwnersNextLogon() {
        issuer = issuerWith(new SecretVerifiers(v1, List.of(), argon2()));
        OpenedContract contract = openContract();
        var admin = admin(acquireAdministrator(contract, SoftwareKeys.ec()), contract);
        RegisteredUser user = issuer.users().register(admin, new UserId("clerk1"));

        Issuer rotated = issuerWith(new SecretVerifiers(v2, List.of(v1), argon2()));
        rotated.secrets().checkContract(contract.contractId(), ContractSecret.CONFIRMATION_PIN, contract.confirmationPin().copy());
        assertTrue(stored(ContractSecret.CONFIRMATION_PIN).startsWith("$hmac-sha256$k=secret-verifier-2$"));
        assertTrue(stored(ContractSecret.CONTRACT_PIN).startsWith("$hmac-sha256$k=secret-verifier-1$"));
        rotated.secrets().checkUser(user.contract(), user.userId(), UserSecret.USER_PIN, user.userPin().copy());
        assertTrue(queryString("SELECT user_pin_hash FROM contract_user").startsWith("$hmac-sha256$k=secret-verifier-2$"));

        // Once v1 is dropped from the configuration, what is still on it cannot be judged: unavailable, not wrong.
        Issuer dropped = issuerWith(new SecretVerifiers(v2, List.of(), argon2()));
        assertThrows(VerifierUnavailableException.class, () -> dropped.secrets().checkContract(contract.contractId(),
                ContractSecret.CONTRACT_PIN, contract.contractPin().copy()));
        assertEquals("0", queryString("SELECT failures FROM contract"));
    }

    @Test
    void withTheTokenGoneChecksFailClosedAndCountNothingThenWorkWhenItIsBack() {
        Token token = IssuerTokenCa.softHsmToken("verifier-gone");
        TokenVerifierKey key;
        try (Secret pin = Secret.of(IssuerTokenCa.CA_PIN)) {
            key = TokenVerifierKey.open(token, pin, "secret-verifier-1", true, 2);
        }
        var verifiers = new SecretVerifiers(key, List.of(), argon2());
        Issuer keyed = issuerWith(verifiers);
        OpenedContract contract = keyed.backOffice().openContract(BANK);
        String label = token.info().label();
        token.close(); // the token's sessions are gone under the leases, as when it is pulled or its library fails

        for (Secret answer : List.of(contract.contractPin().copy(), Secret.of("000000"))) {
            assertThrows(VerifierUnavailableException.class,
                    () -> keyed.secrets().checkContract(contract.contractId(), ContractSecret.CONTRACT_PIN, answer));
        }
        assertEquals("0", queryString("SELECT failures FROM contract"));
        assertEquals("0", queryString("SELECT COUNT(*) FROM audit_entry WHERE event = 'WRONG_SECRET'"));

        key.close();
        try (Token back = IssuerTokenCa.reopen(label);
             Secret pin = Secret.of(IssuerTokenCa.CA_PIN);
             TokenVerifierKey again = TokenVerifierKey.open(back, pin, "secret-verifier-1", false, 1)) {
            issuerWith(new SecretVerifiers(again, List.of(), argon2())).secrets()
                    .checkContract(contract.contractId(), ContractSecret.CONTRACT_PIN, contract.contractPin().copy());
        }
    }
}

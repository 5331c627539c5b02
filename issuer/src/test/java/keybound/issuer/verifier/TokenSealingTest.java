package keybound.issuer.verifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import keybound.credentials.HashParameters;
import keybound.credentials.SecretHasher;
import keybound.credentials.SecretVerifiers;
import keybound.credentials.VerifierUnavailableException;
import keybound.issuer.Issuer;
import keybound.issuer.IssuerConfig;
import keybound.issuer.contract.CardCell;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.EnvironmentSealingKey;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.contract.SealingKeys;
import keybound.issuer.contract.TotpSeal;
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
 * Customer cards and TOTP seeds sealed with an AES key on a real SoftHSM token, on H2 and
 * PostgreSQL: what the registry stores, values sealed with the environment's key opened and
 * sealed again under the token's (on use and all at once), what happens without the environment's
 * key, and failing closed (counting nothing) when the token is gone.
 */
@ParameterizedClass
@EnumSource(Engine.class)
class TokenSealingTest extends IssuerTestBase {

    private static final String LABEL = "card-sealing-1";
    private static final byte[] ENVIRONMENT_KEY = new byte[32]; // IssuerTestBase's key: its banks seal with it
    private static Token bankToken;
    private static TokenSealingKey tokenKey;

    @BeforeAll
    static void openKey() {
        bankToken = IssuerTokenCa.softHsmToken("sealing");
        try (Secret pin = Secret.of(IssuerTokenCa.CA_PIN)) {
            tokenKey = TokenSealingKey.open(bankToken, pin, LABEL, true, 2);
        }
    }

    @AfterAll
    static void closeKey() {
        tokenKey.close();
        bankToken.close();
    }

    private static EnvironmentSealingKey environmentKey() {
        return new EnvironmentSealingKey(new SecretKeySpec(ENVIRONMENT_KEY, "AES"));
    }

    private Issuer issuerWith(SealingKeys keys) {
        IssuerConfig sealed = config.withSealing(keys);
        return new Issuer(database, IssuerTokenCa.shared(), (s, n) -> { throw new AssertionError(); }, sealed,
                SecretVerifiers.argon2Only(new SecretHasher(HashParameters.testing())), clock);
    }

    private String card() {
        return queryString("SELECT card_sealed FROM contract");
    }

    private static String answer(OpenedContract contract, List<CardCell> cells) {
        return cells.stream().map(contract.card()::cell).reduce("", String::concat);
    }

    @Test
    void newCardsAreSealedOnTheTokenNamingTheKeyAndCheckedAsBefore() {
        Issuer keyed = issuerWith(new SealingKeys(tokenKey, Optional.empty()));
        OpenedContract contract = keyed.backOffice().openContract(BANK);
        assertTrue(card().startsWith("5:10:$aes-gcm$k=" + LABEL + "$"), card());
        var cells = List.of(new CardCell(0, 3), new CardCell(4, 9));
        keyed.secrets().checkCard(contract.contractId(), cells, Secret.of(answer(contract, cells)));
        assertThrows(WrongSecretException.class, () -> keyed.secrets().checkCard(contract.contractId(), cells,
                Secret.of("0000".equals(answer(contract, cells)) ? "1111" : "0000")));
        assertEquals("1", queryString("SELECT failures FROM contract"));
        // The environment's key, or any other, cannot open what the token sealed.
        assertThrows(VerifierUnavailableException.class, () -> issuerWith(SealingKeys.environment(new SecretKeySpec(ENVIRONMENT_KEY,
                "AES"))).secrets().checkCard(contract.contractId(), cells, Secret.of(answer(contract, cells))));
        assertEquals(Map.of(LABEL, 1L), keyed.backOffice().resealing().versions());
    }

    @Test
    void aCardSealedWithTheEnvironmentsKeyOpensAndMovesToTheTokenOnItsNextUse() {
        OpenedContract contract = issuer.backOffice().openContract(BANK); // the base issuer: the environment's key
        String before = card();
        assertTrue(before.startsWith("5:10:$aes-gcm$k=env$"), before);
        // And as installations before labels stored it: no label at all.
        String unlabelled = before.replace("$aes-gcm$k=env$", "");
        sql("UPDATE contract SET card_sealed = '" + unlabelled + "'");

        Issuer migrating = issuerWith(new SealingKeys(tokenKey, Optional.of(environmentKey())));
        assertEquals(Map.of("env", 1L), migrating.backOffice().resealing().versions());
        var cells = List.of(new CardCell(1, 1), new CardCell(3, 7));
        // A wrong answer is counted as ever; the card, opened to judge it, moves to the token's key.
        assertThrows(WrongSecretException.class, () -> migrating.secrets().checkCard(contract.contractId(), cells,
                Secret.of("0000".equals(answer(contract, cells)) ? "1111" : "0000")));
        assertEquals("1", queryString("SELECT failures FROM contract"));
        assertTrue(card().startsWith("5:10:$aes-gcm$k=" + LABEL + "$"), card());

        // Now the environment's key is no longer needed.
        Issuer tokenOnly = issuerWith(new SealingKeys(tokenKey, Optional.empty()));
        tokenOnly.secrets().checkCard(contract.contractId(), cells, Secret.of(answer(contract, cells)));
        assertEquals(Map.of(LABEL, 1L), tokenOnly.backOffice().resealing().versions());
    }

    @Test
    void withoutTheEnvironmentsKeyAnOldCardIsNotJudgedAndTheMessageSaysWhy() {
        OpenedContract contract = issuer.backOffice().openContract(BANK);
        Issuer tokenOnly = issuerWith(new SealingKeys(tokenKey, Optional.empty()));
        var cells = List.of(new CardCell(0, 0));
        var refused = assertThrows(VerifierUnavailableException.class,
                () -> tokenOnly.secrets().checkCard(contract.contractId(), cells, Secret.of(answer(contract, cells))));
        assertTrue(refused.getMessage().contains("KEYBOUND_CARD_SEALING_KEY"), refused.getMessage());
        assertEquals("0", queryString("SELECT failures FROM contract"));
        var all = assertThrows(VerifierUnavailableException.class, () -> tokenOnly.backOffice().resealing().all());
        assertTrue(all.getMessage().contains("keybound bank reseal"), all.getMessage());
    }

    @Test
    void resealingAllMovesEveryCardAndSeedAndKeepsTheSeeds() {
        OpenedContract first = issuer.backOffice().openContract(BANK);
        issuer.backOffice().openContract(BANK);
        ContractId id = first.contractId();
        var environmentSeal = new TotpSeal(SealingKeys.environment(new SecretKeySpec(ENVIRONMENT_KEY, "AES")));
        TotpSeal.Sealed seed = environmentSeal.create(id, "Keybound Shinkin Bank");
        seed.enrolment().close();
        sql("UPDATE contract SET totp_sealed = '" + seed.sealed() + "' WHERE contract_id = '" + id.value() + "'");
        byte[] clear = environmentSeal.open(seed.sealed(), id);

        Issuer migrating = issuerWith(new SealingKeys(tokenKey, Optional.of(environmentKey())));
        assertEquals(Map.of("env", 3L), migrating.backOffice().resealing().versions());
        assertEquals(3, migrating.backOffice().resealing().all());
        assertEquals(0, migrating.backOffice().resealing().all(), "nothing left to move");
        assertEquals(Map.of(LABEL, 3L), migrating.backOffice().resealing().versions());

        Issuer tokenOnly = issuerWith(new SealingKeys(tokenKey, Optional.empty()));
        assertArrayEquals(clear, tokenOnly.totp().seed(id).orElseThrow());
        String sealedSeed = queryString("SELECT totp_sealed FROM contract WHERE contract_id = '" + id.value() + "'");
        assertFalse(sealedSeed.contains(seed.sealed()));
    }

    @Test
    void aTotpSeedSealedWithTheEnvironmentsKeyMovesWhenItIsNextOpened() {
        OpenedContract contract = issuer.backOffice().openContract(BANK);
        ContractId id = contract.contractId();
        TotpSeal.Sealed seed = new TotpSeal(SealingKeys.environment(new SecretKeySpec(ENVIRONMENT_KEY, "AES")))
                .create(id, "Keybound Shinkin Bank");
        seed.enrolment().close();
        sql("UPDATE contract SET totp_sealed = '" + seed.sealed() + "'");
        Issuer migrating = issuerWith(new SealingKeys(tokenKey, Optional.of(environmentKey())));
        byte[] clear = migrating.totp().seed(id).orElseThrow();
        assertTrue(queryString("SELECT totp_sealed FROM contract").startsWith("$aes-gcm$k=" + LABEL + "$"));
        assertArrayEquals(clear, issuerWith(new SealingKeys(tokenKey, Optional.empty())).totp().seed(id).orElseThrow());
    }

    @Test
    void withTheTokenGoneCardChecksFailClosedAndCountNothing() {
        Token token = IssuerTokenCa.softHsmToken("sealing-gone");
        TokenSealingKey key;
        try (Secret pin = Secret.of(IssuerTokenCa.CA_PIN)) {
            key = TokenSealingKey.open(token, pin, LABEL, true, 1);
        }
        try {
            Issuer keyed = issuerWith(new SealingKeys(key, Optional.empty()));
            OpenedContract contract = keyed.backOffice().openContract(BANK);
            token.close();
            var cells = List.of(new CardCell(2, 2));
            for (String answer : List.of(answer(contract, cells), "xx")) {
                assertThrows(VerifierUnavailableException.class,
                        () -> keyed.secrets().checkCard(contract.contractId(), cells, Secret.of(answer)));
            }
            assertEquals("0", queryString("SELECT failures FROM contract"));
        } finally {
            key.close();
        }
    }
}

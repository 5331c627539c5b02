package keybound.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import keybound.server.fixture.BankFixture;
import keybound.bankapi.client.BackOfficeClient;
import keybound.bankapi.client.BankApiException;
import keybound.credentials.HashParameters;
import keybound.credentials.SecretHasher;
import keybound.server.issuer.OperatorKeys;
import keybound.testkit.softhsm.SoftHsmExtension;
import keybound.token.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operator keys verified like the customers' secrets, over real HTTPS: the verifier made by
 * {@code bank operator-key}'s code path is an HMAC under the verifier key on the bank's token;
 * the server accepts it and an Argon2id hash from before (migration) side by side, refuses a
 * wrong key with 401, and answers 503 without judging the key when the verifier key is gone.
 */
@ExtendWith(SoftHsmExtension.class)
class OperatorKeyOnTokenTest {

    @TempDir
    Path directory;

    private final String verifierLabel = "operator-verifier-" + UUID.randomUUID().toString().substring(0, 8);
    private final String oldKey = "an-operator-key-from-before-token-keys";

    @Test
    void theTestBanksOperatorKeyIsVerifiedOnTheTokenAsShippedWithNoArgon2idHashLeft() {
        try (BankFixture bank = BankFixture.open(directory, "verifier.key-label=" + verifierLabel)) {
            assertEquals(Map.of(verifierLabel, 1L), bank.assembly().operatorVerifierVersions(),
                    "made by bank operator-key's code path: no start-up warning of Argon2id hashes");
            try (BackOfficeClient operator = bank.operator()) {
                operator.registerBank(BankFixture.BANK_CODE, "Keybound Shinkin Bank", "NONE");
            }
        }
    }

    @Test
    void theTokenKeyedVerifierAndAnOldArgon2idHashBothOpenTheBackOfficeAndAWrongKeyDoesNot() {
        try (Secret key = OperatorKeys.generate(); BankFixture bank = withOperatorVerifiers(key)) {
            try (BackOfficeClient operator = bank.anonymous().backOffice(key.copy())) {
                operator.registerBank(BankFixture.BANK_CODE, "Keybound Shinkin Bank", "NONE");
            }
            try (BackOfficeClient old = bank.anonymous().backOffice(Secret.of(oldKey))) {
                assertTrue(old.openContract(BankFixture.BANK_CODE, Optional.empty()).contractId().matches("\\d{10}"));
            }
            try (BackOfficeClient impostor = bank.anonymous().backOffice(Secret.of("not-an-operator-key-0123456789ab"))) {
                var refused = assertThrows(BankApiException.class, () -> impostor.openContract(BankFixture.BANK_CODE, Optional.empty()));
                assertEquals(401, refused.status());
                assertEquals("operator-rejected", refused.code());
            }
            assertEquals(Map.of(verifierLabel, 1L, "argon2id", 1L), bank.assembly().operatorVerifierVersions());
        }
    }

    @Test
    void withTheVerifierKeyGoneFromTheTokenAnOperatorGets503NotARefusal() {
        try (Secret key = OperatorKeys.generate(); BankFixture bank = withOperatorVerifiers(key)) {
            BankFixture.deleteCaSecretKey(verifierLabel);
            for (Secret sent : new Secret[] {key.copy(), Secret.of("not-an-operator-key-0123456789ab")}) {
                try (BackOfficeClient operator = bank.anonymous().backOffice(sent)) {
                    var problem = assertThrows(BankApiException.class,
                            () -> operator.registerBank(BankFixture.BANK_CODE, "Keybound Shinkin Bank", "NONE"));
                    assertEquals(503, problem.status());
                    assertEquals("service-unavailable", problem.code());
                }
            }
        }
    }

    /**
     * The bank restarted with {@code key}'s verifier made as {@code keybound bank operator-key} makes it
     * (on a first start, which generates the verifier key on the token) beside an Argon2id hash of {@link #oldKey}.
     */
    private BankFixture withOperatorVerifiers(Secret key) {
        String verifier;
        try (BankFixture first = BankFixture.open(directory, "verifier.key-label=" + verifierLabel)) {
            verifier = first.assembly().operatorKeyVerifier(key);
        }
        assertTrue(verifier.startsWith("$hmac-sha256$k=" + verifierLabel + "$"), verifier);
        String hash;
        try (Secret old = Secret.of(oldKey)) {
            hash = new SecretHasher(HashParameters.testing()).hash(old);
        }
        return BankFixture.open(directory, "verifier.key-label=" + verifierLabel,
                "backoffice.operator-key-hashes=" + verifier + " " + hash);
    }
}

package keybound.issuer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import keybound.credentials.SecretHasher;
import keybound.credentials.SecretVerifiers;
import keybound.credentials.VerifierKey;
import keybound.issuer.contract.Bank;
import keybound.issuer.contract.ContractId;
import keybound.issuer.contract.OpenedContract;
import keybound.issuer.contract.RegisteredUser;
import keybound.issuer.contract.UserId;
import keybound.issuer.enrollment.AdministratorAcquisition;
import keybound.issuer.enrollment.AdministratorCredentials;
import keybound.issuer.enrollment.UserAcquisition;
import keybound.issuer.refusal.IssuerException;
import keybound.issuer.store.Database;
import keybound.issuer.support.CountingDriver;
import keybound.issuer.support.Engine;
import keybound.issuer.support.IssuerTestBase;
import keybound.issuer.support.IssuerTokenCa;
import keybound.testkit.keys.SoftwareKeys;
import keybound.token.Secret;
import keybound.token.card.CardAttestationVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * No oracle (issue 14): every refusal an outsider can cause before the secrets are right costs
 * the same work, whichever factor was wrong and whether the account exists or is locked: one MAC
 * per secret given, and one durable write transaction (a wrong secret's failure count, or the
 * refusal counted in its minute). Counted through {@link CountingDriver} on the real engine, not
 * timed; {@code benchmarks/run acquisition-oracle} measures the time.
 */
@ParameterizedClass
@EnumSource(Engine.class)
class RefusalWorkTest extends IssuerTestBase {

    private static final Secret WRONG_8 = Secret.of("00000000");
    private static final Secret WRONG_6 = Secret.of("000000");

    private final CountingKey key = new CountingKey();
    private final CountingDriver driver = CountingDriver.instance();
    private Database countedDatabase;
    private Issuer counted;
    private final KeyPair keys = SoftwareKeys.ec();

    @BeforeEach
    void countedIssuer() {
        countedDatabase = engine.openCounted();
        counted = new Issuer(countedDatabase, IssuerTokenCa.shared(), new CardAttestationVerifier(List.of(MANUFACTURER.trustAnchor()),
                Clock.systemUTC()), config, new SecretVerifiers(key, List.of(), new SecretHasher(config.secretHashing())), clock);
        counted.backOffice().registerBank(new Bank(BANK, "Keybound Shinkin Bank", policy()));
    }

    @AfterEach
    void closeCounted() {
        countedDatabase.close();
    }

    @Test
    void administratorAcquisitionSpendsOneMacPerSecretWhicheverFactorIsWrong() {
        OpenedContract guessed = counted.backOffice().openContract(BANK);
        OpenedContract locked = counted.backOffice().openContract(BANK);
        countedSql("UPDATE contract SET status = 'LOCKED' WHERE contract_id = '" + locked.contractId() + "'");
        ContractId unknown = new ContractId("9".repeat(guessed.contractId().value().length()));

        Map<String, Work> work = new LinkedHashMap<>();
        work.put("イ right, ロ wrong", workOf(() -> counted.acquireAdministrator(administrator(guessed.contractId(),
                guessed.contractPin(), WRONG_8))));
        work.put("イ wrong, ロ right", workOf(() -> counted.acquireAdministrator(administrator(guessed.contractId(), WRONG_8,
                guessed.confirmationPin()))));
        work.put("both wrong", workOf(() -> counted.acquireAdministrator(administrator(guessed.contractId(), WRONG_8, WRONG_8))));
        work.put("unknown contract", workOf(() -> counted.acquireAdministrator(administrator(unknown, WRONG_8, WRONG_8))));
        work.put("locked contract, secrets right", workOf(() -> counted.acquireAdministrator(administrator(locked.contractId(),
                locked.contractPin(), locked.confirmationPin()))));

        assertEquals(Set.of("2 MACs, 1 durable write transaction(s)"), work.values().stream().map(Work::cost)
                .collect(Collectors.toSet()), work::toString);
    }

    @Test
    void userAcquisitionSpendsOneMacPerSecretWhateverTheCause() {
        OpenedContract contract = counted.backOffice().openContract(BANK);
        IssuedCertificate administrator = counted.acquireAdministrator(administrator(contract.contractId(),
                contract.contractPin(), contract.confirmationPin()));
        var admin = new AdministratorCredentials(administrator.certificate(), contract.confirmationPin().copy());
        RegisteredUser user = counted.users().register(admin, new UserId("U1"));
        RegisteredUser lockedUser = counted.users().register(admin, new UserId("U2"));
        countedSql("UPDATE contract_user SET status = 'LOCKED' WHERE user_id = 'U2'");

        Map<String, Work> work = new LinkedHashMap<>();
        // first, while the user's count is clear: right secrets after wrong ones also clear the count (a second write)
        work.put("no open authorisation, secrets right", workOf(() -> counted.acquireUser(userRequest(user.contract(),
                user.userId(), user.userPin(), user.userConfirmationPin()))));
        work.put("wrong ト", workOf(() -> counted.acquireUser(userRequest(user.contract(), user.userId(), WRONG_6,
                user.userConfirmationPin()))));
        work.put("wrong チ", workOf(() -> counted.acquireUser(userRequest(user.contract(), user.userId(), user.userPin(),
                WRONG_6))));
        work.put("unknown user", workOf(() -> counted.acquireUser(userRequest(user.contract(), new UserId("NOBODY"), WRONG_6,
                WRONG_6))));
        work.put("locked user, secrets right", workOf(() -> counted.acquireUser(userRequest(lockedUser.contract(),
                lockedUser.userId(), lockedUser.userPin(), lockedUser.userConfirmationPin()))));

        assertEquals(Set.of("2 MACs, 1 durable write transaction(s)"), work.values().stream().map(Work::cost)
                .collect(Collectors.toSet()), work::toString);
    }

    /**
     * The MACs one refusal computed and the durable write transactions it committed (each an H2
     * chunk write and fsync, a PostgreSQL WAL flush). The statements in them are shown, not
     * compared: a counted failure also appends its audit entry (five statements against two).
     */
    record Work(long macs, long writeTransactions, long statements) {
        /** What must be equal across causes. */
        String cost() {
            return macs + " MACs, " + writeTransactions + " durable write transaction(s)";
        }
    }

    /** What the refused {@code acquisition} cost. */
    private Work workOf(Runnable acquisition) {
        long macs = key.macs.get();
        long writes = driver.writeCommits.get();
        long statements = driver.writeTransactionStatements.get();
        assertThrows(IssuerException.class, acquisition::run);
        return new Work(key.macs.get() - macs, driver.writeCommits.get() - writes,
                driver.writeTransactionStatements.get() - statements);
    }

    private void countedSql(String statement) {
        countedDatabase.inTransaction(c -> {
            try (var s = c.createStatement()) {
                s.execute(statement);
            }
            return null;
        });
    }

    private AdministratorAcquisition administrator(ContractId contract, Secret contractPin, Secret confirmationPin) {
        return new AdministratorAcquisition(contract, contractPin.copy(), confirmationPin.copy(), SoftwareKeys.csr(keys), SOFTHSM,
                Optional.empty());
    }

    private UserAcquisition userRequest(ContractId contract, UserId user, Secret userPin, Secret confirmationPin) {
        return new UserAcquisition(contract, user, userPin.copy(), confirmationPin.copy(), SoftwareKeys.csr(keys), SOFTHSM,
                Optional.empty());
    }

    /** An HMAC-SHA256 key in memory (the bank's is on its token) that counts what it computes. */
    private static final class CountingKey implements VerifierKey {
        final AtomicLong macs = new AtomicLong();
        private final SecretKeySpec secret = new SecretKeySpec("refusal-work-test-key".getBytes(StandardCharsets.UTF_8),
                "HmacSHA256");

        @Override
        public String label() {
            return "counting-1";
        }

        @Override
        public byte[] mac(byte[] data) {
            macs.incrementAndGet();
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(secret);
                return mac.doFinal(data);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

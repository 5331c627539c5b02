package keybound.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import keybound.issuer.store.Database;
import keybound.logon.Account;
import keybound.logon.AttemptId;
import keybound.logon.CertificateFingerprint;
import keybound.logon.LogonState;
import keybound.logon.LogonStatePurgeContract;
import keybound.logon.PendingLogon;
import keybound.logon.SecondStepPrompt;
import keybound.logon.StoreFullException;
import keybound.logon.challenge.ChallengeAnswer;
import keybound.logon.challenge.ChallengeVerdict;
import keybound.logon.challenge.LogonChallenge;
import keybound.logon.challenge.LogonChallenges;
import keybound.logon.challenge.Nonce;
import keybound.logon.challenge.SignatureVerifier;
import keybound.logon.otp.CardCell;
import keybound.logon.otp.CardChallenge;
import keybound.logon.session.LogonMethod;
import keybound.logon.session.LogonSession;
import keybound.logon.session.SessionBinding;
import keybound.logon.session.SessionId;
import keybound.logon.session.SessionPolicy;
import keybound.logon.session.Sessions;
import keybound.server.fixture.Registry;
import keybound.testkit.clock.MutableClock;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Logon's one-time state and its purge in a real registry database, on H2 and on PostgreSQL. */
class JdbcLogonStateTest {

    private static final String ORIGIN = "https://ib.bank.example:8443";
    private static final CertificateFingerprint PRINT = new CertificateFingerprint("ab".repeat(32));

    private final SecureRandom random = new SecureRandom();
    private final MutableClock clock = new MutableClock(Instant.parse("2030-04-01T09:00:00Z"));
    private Database database;

    @AfterEach
    void close() {
        database.close();
    }

    private JdbcLogonState open(Registry registry, int capacity) {
        database = registry.open();
        return new JdbcLogonState(database, clock, capacity);
    }

    @ParameterizedTest
    @EnumSource(Registry.class)
    void challengeIsConsumedOnceAndComesBackWhole(Registry registry) {
        var challenges = open(registry, 100).challenges();
        var challenge = new LogonChallenge(Nonce.random(random), ORIGIN, clock.instant().plusSeconds(60));
        challenges.put(challenge.nonce(), challenge);

        assertEquals(Optional.of(challenge), challenges.consume(challenge.nonce()));
        assertEquals(Optional.empty(), challenges.consume(challenge.nonce()));
        assertEquals(Optional.empty(), challenges.consume(Nonce.random(random)));
    }

    @ParameterizedTest
    @EnumSource(Registry.class)
    void pendingLogonsKeepAccountBindingAndPrompt(Registry registry) {
        var attempts = open(registry, 100).attempts();
        Instant expires = clock.instant().plus(Duration.ofMinutes(3)).truncatedTo(ChronoUnit.MILLIS);
        var card = new CardChallenge(List.of(CardCell.parse("F7"), CardCell.parse("B12")), expires);
        var administrator = new PendingLogon(AttemptId.random(random), new Account.Administrator("0042000001"),
                LogonMethod.MUTUAL_TLS, SessionBinding.to(PRINT), new SecondStepPrompt.ContractPinAndOneTimePassword(card, true),
                expires);
        var user = new PendingLogon(AttemptId.random(random), new Account.User("0042000001", "U01"),
                LogonMethod.SIGNED_CHALLENGE, SessionBinding.noCertificate(), new SecondStepPrompt.UserPin(), expires);
        attempts.put(administrator.id(), administrator);
        attempts.put(user.id(), user);

        assertEquals(Optional.of(user), attempts.consume(user.id()));
        assertEquals(Optional.of(administrator), attempts.consume(administrator.id()));
        assertEquals(Optional.empty(), attempts.consume(administrator.id()));
    }

    @ParameterizedTest
    @EnumSource(Registry.class)
    void keysAreStoredOnlyAsTheirHash(Registry registry) throws Exception {
        var state = open(registry, 100);
        var challenge = new LogonChallenge(Nonce.random(random), ORIGIN, clock.instant().plusSeconds(60));
        state.challenges().put(challenge.nonce(), challenge);
        String stored = database.inTransaction(c -> {
            try (var st = c.prepareStatement("SELECT nonce_sha256 FROM logon_challenge"); ResultSet r = st.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        });
        assertEquals(TokenDigest.sha256Hex(challenge.nonce().value()), stored);
        assertFalse(stored.contains(challenge.nonce().value()));
    }

    @ParameterizedTest
    @EnumSource(Registry.class)
    void aKeyIsPutOnce(Registry registry) {
        var challenges = open(registry, 100).challenges();
        var challenge = new LogonChallenge(Nonce.random(random), ORIGIN, clock.instant().plusSeconds(60));
        challenges.put(challenge.nonce(), challenge);
        assertThrows(IllegalStateException.class, () -> challenges.put(challenge.nonce(), challenge));
    }

    @ParameterizedTest
    @EnumSource(Registry.class)
    void eightThreadsConsumingOneKeyExactlyOneWins(Registry registry) throws Exception {
        var challenges = open(registry, 100).challenges();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 10; round++) {
                var challenge = new LogonChallenge(Nonce.random(random), ORIGIN, clock.instant().plusSeconds(60));
                challenges.put(challenge.nonce(), challenge);
                var start = new CountDownLatch(1);
                List<Future<Optional<LogonChallenge>>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return challenges.consume(challenge.nonce());
                    }));
                }
                start.countDown();
                int winners = 0;
                for (Future<Optional<LogonChallenge>> result : results) {
                    if (result.get(60, TimeUnit.SECONDS).isPresent()) {
                        winners++;
                    }
                }
                assertEquals(1, winners, "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(Registry.class)
    void anExpiredChallengeIsRefusedAndUsedUp(Registry registry) throws Exception {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        var keys = generator.generateKeyPair();
        var challenges = new LogonChallenges(ORIGIN, Duration.ofSeconds(60), open(registry, 100).challenges(),
                new SignatureVerifier(), random, clock);
        LogonChallenge challenge = challenges.issue();
        var signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivate());
        signer.update(challenge.toBeSigned());
        var answer = new ChallengeAnswer(challenge.nonce(), signer.sign());

        clock.advance(Duration.ofSeconds(60));
        assertEquals(ChallengeVerdict.EXPIRED, challenges.redeem(answer, keys.getPublic()));
        assertEquals(ChallengeVerdict.UNKNOWN_OR_USED, challenges.redeem(answer, keys.getPublic()));
    }

    @ParameterizedTest
    @EnumSource(Registry.class)
    void aFullStoreRefusesUntilExpiredValuesMakeRoom(Registry registry) {
        var challenges = open(registry, 3).challenges();
        for (int i = 0; i < 3; i++) {
            var challenge = new LogonChallenge(Nonce.random(random), ORIGIN, clock.instant().plusSeconds(60 + i));
            challenges.put(challenge.nonce(), challenge);
        }
        var more = new LogonChallenge(Nonce.random(random), ORIGIN, clock.instant().plusSeconds(120));
        assertThrows(StoreFullException.class, () -> challenges.put(more.nonce(), more));

        clock.advance(Duration.ofSeconds(60)); // the first of the three has expired
        challenges.put(more.nonce(), more);
        assertEquals(3, challenges.size());
        assertTrue(challenges.consume(more.nonce()).isPresent());
    }

    @ParameterizedTest
    @EnumSource(Registry.class)
    void aSessionIsFoundByItsWholeIdAndTheTableHoldsOnlyItsHash(Registry registry) throws Exception {
        var store = open(registry, 100).sessions();
        var sessions = new Sessions(store, SessionPolicy.DEFAULT, random, clock);
        LogonSession session = sessions.open(new Account.User("0042000001", "U01"), LogonMethod.MUTUAL_TLS, SessionBinding.to(PRINT));
        assertEquals(Optional.of(session), store.find(session.id()));

        // Another id with the same key (the key is the id's first 8 bytes) opens nothing, touches
        // nothing, ends nothing, and cannot be saved beside it.
        byte[] bytes = Base64.getUrlDecoder().decode(session.id().value());
        bytes[31] ^= 1;
        var sameKey = new SessionId(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        assertEquals(session.id().orderKey(), sameKey.orderKey());
        assertEquals(Optional.empty(), store.find(sameKey));
        var forged = new LogonSession(sameKey, session.account(), session.method(), session.binding(), session.createdAt(),
                session.lastSeenAt());
        assertFalse(store.replace(forged, seenAt(forged, clock.instant().plusSeconds(1))));
        assertFalse(store.remove(sameKey));
        assertFalse(store.save(forged), "the key is taken");
        assertEquals(Optional.of(session), store.find(session.id()));

        List<String> row = database.inTransaction(c -> {
            try (var st = c.prepareStatement("SELECT * FROM logon_session"); ResultSet r = st.executeQuery()) {
                List<String> values = new ArrayList<>();
                while (r.next()) {
                    for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                        Object value = r.getObject(i);
                        values.add(value instanceof byte[] b ? HexFormat.of().formatHex(b) : String.valueOf(value));
                    }
                }
                return values;
            }
        });
        assertEquals(9, row.size(), "one row: " + row);
        assertTrue(row.contains(TokenDigest.sha256Hex(session.id().value())));
        String id = session.id().value();
        assertTrue(row.stream().noneMatch(value -> value.contains(id) || value.contains(HexFormat.of().formatHex(bytes, 8, 32))),
                "neither the id nor its random part is stored");

        LogonSession touched = seenAt(session, clock.instant().plusSeconds(5));
        assertTrue(store.replace(session, touched));
        assertFalse(store.replace(session, touched), "a stale touch changes nothing");
        assertEquals(Optional.of(touched), store.find(session.id()));
        assertTrue(store.remove(session.id()));
        assertEquals(Optional.empty(), store.find(session.id()));
    }

    private static LogonSession seenAt(LogonSession session, Instant when) {
        return new LogonSession(session.id(), session.account(), session.method(), session.binding(), session.createdAt(), when);
    }

    @ParameterizedTest
    @EnumSource(Registry.class)
    void theUpgradeToOrderedSessionsEndsTheSessionsOpenBeforeIt(Registry registry) {
        database = registry.open();
        // The logon schema as the previous release left it (V2), with one of its sessions.
        Flyway.configure().dataSource(database.dataSource()).locations("classpath:db/migration/logon")
                .table("flyway_logon_history").baselineOnMigrate(true).baselineVersion("0").target("2").load().migrate();
        SqlStatements.update(database, "INSERT INTO logon_session (id_sha256, account_kind, contract_id, user_id, method,"
                + " certificate, created_at, last_seen_at) VALUES (?, 'user', '0042000001', 'U01', 'MUTUAL_TLS', NULL, 1, 1)",
                st -> st.setString(1, "cd".repeat(32)));

        var store = new JdbcLogonState(database, clock, 100).sessions();
        int left = database.inTransaction(c -> {
            try (var st = c.prepareStatement("SELECT COUNT(*) FROM logon_session"); ResultSet r = st.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        });
        assertEquals(0, left, "the old session is gone; its holder logs on again");
        LogonSession session = new Sessions(store, SessionPolicy.DEFAULT, random, clock)
                .open(new Account.Administrator("0042000001"), LogonMethod.MUTUAL_TLS, SessionBinding.noCertificate());
        assertEquals(Optional.of(session), store.find(session.id()));
    }

    /** The purge contract every logon state meets, on H2. */
    @Nested
    class PurgeOnH2 extends LogonStatePurgeContract {
        @Override
        protected LogonState newState() {
            database = Registry.H2.open();
            return new JdbcLogonState(database, clock, 100);
        }
    }

    /** The purge contract every logon state meets, on PostgreSQL. */
    @Nested
    class PurgeOnPostgresql extends LogonStatePurgeContract {
        @Override
        protected LogonState newState() {
            database = Registry.POSTGRESQL.open();
            return new JdbcLogonState(database, clock, 100);
        }
    }
}

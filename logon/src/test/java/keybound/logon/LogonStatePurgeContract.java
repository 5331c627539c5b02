package keybound.logon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import keybound.logon.challenge.LogonChallenge;
import keybound.logon.challenge.Nonce;
import keybound.logon.otp.InMemoryTotpStepLedger;
import keybound.logon.session.LogonMethod;
import keybound.logon.session.LogonSession;
import keybound.logon.session.SessionBinding;
import keybound.logon.session.SessionId;
import keybound.logon.session.SessionPolicy;
import keybound.testkit.clock.MutableClock;
import org.junit.jupiter.api.Test;

/**
 * What a {@link LogonState}'s purge deletes (everything ended or expired at the given instant)
 * and what it keeps (everything live): one scenario that every implementation runs, the
 * in-memory state here and the registry database's in the server's JdbcLogonStateTest.
 */
public abstract class LogonStatePurgeContract {

    private static final String ORIGIN = "https://ib.bank.example:8443";
    private static final CertificateFingerprint PRINT = new CertificateFingerprint("ab".repeat(32));

    private final SecureRandom random = new SecureRandom();
    /** The clock the state under test reads. */
    protected final MutableClock clock = new MutableClock(Instant.parse("2030-04-01T09:00:00Z"));

    /** A fresh, empty state reading {@link #clock}; closed by the subclass after each test. */
    protected abstract LogonState newState();

    @Test
    void purgeDeletesExactlyWhatHasEnded() {
        LogonState state = newState();
        LogonStores stores = state.stores(new InMemoryTotpStepLedger());
        var policy = new SessionPolicy(Duration.ofMinutes(10), Duration.ofHours(8));
        Instant t0 = clock.instant();
        // Sessions: one idle since t0, one seen an hour later, one made 6 h before t0 and seen at t0 + 115 min.
        LogonSession idleFirst = session(t0.minus(Duration.ofMinutes(1)), t0);
        LogonSession seenLater = session(t0, t0.plus(Duration.ofHours(1)));
        LogonSession old = session(t0.minus(Duration.ofHours(6)), t0.plus(Duration.ofMinutes(115)));
        for (LogonSession session : new LogonSession[] {idleFirst, seenLater, old}) {
            stores.sessions().save(session);
        }
        LogonChallenge lastChallenge = null;
        for (int seconds : new int[] {30, 60, 600}) {
            lastChallenge = new LogonChallenge(Nonce.random(random), ORIGIN, t0.plusSeconds(seconds));
            stores.challenges().put(lastChallenge.nonce(), lastChallenge);
            var pending = new PendingLogon(AttemptId.random(random), new Account.User("0042000001", "U01"),
                    LogonMethod.MUTUAL_TLS, SessionBinding.to(PRINT), new SecondStepPrompt.UserPin(), t0.plusSeconds(seconds));
            stores.attempts().put(pending.id(), pending);
        }

        assertEquals(new LogonState.Purged(0, 0, 0), state.purge(t0, policy));
        // t0 + 60 s: challenges and attempts at 30 s and at exactly 60 s have expired.
        assertEquals(new LogonState.Purged(0, 2, 2), state.purge(t0.plusSeconds(60), policy));
        assertEquals(Optional.of(lastChallenge), stores.challenges().consume(lastChallenge.nonce()));
        // t0 + 10 min: the first session is idle; the last attempt expired at this instant.
        assertEquals(new LogonState.Purged(1, 0, 1), state.purge(t0.plus(Duration.ofMinutes(10)), policy));
        assertEquals(Optional.empty(), stores.sessions().find(idleFirst.id()));
        assertEquals(Optional.of(old), stores.sessions().find(old.id()));
        // t0 + 2 h: the third session passed its absolute timeout though seen 5 min ago; the second is idle.
        assertEquals(new LogonState.Purged(2, 0, 0), state.purge(t0.plus(Duration.ofHours(2)), policy));
        assertTrue(stores.sessions().find(old.id()).isEmpty() && stores.sessions().find(seenLater.id()).isEmpty());
        assertEquals(new LogonState.Purged(0, 0, 0), state.purge(t0.plus(Duration.ofDays(1)), policy));
    }

    @Test
    void aLiveSessionSurvivesThePurge() {
        LogonState state = newState();
        LogonStores stores = state.stores(new InMemoryTotpStepLedger());
        var policy = SessionPolicy.DEFAULT;
        LogonSession live = session(clock.instant(), clock.instant());
        stores.sessions().save(live);
        assertEquals(new LogonState.Purged(0, 0, 0), state.purge(clock.instant().plus(Duration.ofMinutes(9)), policy));
        assertEquals(Optional.of(live), stores.sessions().find(live.id()));
    }

    private LogonSession session(Instant created, Instant lastSeen) {
        return new LogonSession(SessionId.random(random, created), new Account.Administrator("0042000001"), LogonMethod.MUTUAL_TLS,
                SessionBinding.to(PRINT), created, lastSeen);
    }
}

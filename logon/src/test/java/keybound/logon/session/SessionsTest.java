package keybound.logon.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import keybound.logon.Account;
import keybound.logon.CertificateFingerprint;
import keybound.testkit.clock.MutableClock;
import org.junit.jupiter.api.Test;

class SessionsTest {

    private static final CertificateFingerprint MINE = new CertificateFingerprint("a".repeat(64));
    private static final CertificateFingerprint OTHER = new CertificateFingerprint("b".repeat(64));
    private static final Account USER = new Account.User("0123456789", "U01");

    private final MutableClock clock = MutableClock.atNow();
    private final Sessions sessions = new Sessions(new InMemorySessionStore(),
            new SessionPolicy(Duration.ofMinutes(10), Duration.ofMinutes(30)), new SecureRandom(), clock);

    private LogonSession open() {
        return sessions.open(USER, LogonMethod.MUTUAL_TLS, SessionBinding.to(MINE));
    }

    private SessionRefusal refusal(SessionCheck check) {
        return assertInstanceOf(SessionCheck.Refused.class, check).reason();
    }

    @Test
    void idsAreRandomUrlSafeAnd256Bits() {
        String a = open().id().value();
        String b = open().id().value();
        assertNotEquals(a, b);
        assertTrue(a.matches("[A-Za-z0-9_-]{43}"));
        assertFalse(open().id().toString().contains(a), "toString never shows the id");
    }

    @Test
    void idsOrderByTimeOfCreationAndDifferInTheirRandomBits() {
        LogonSession first = open();
        LogonSession sameMillisecond = open();
        clock.advance(Duration.ofMillis(1));
        LogonSession later = open();
        assertTrue(later.id().orderKey() > first.id().orderKey() && later.id().orderKey() > sameMillisecond.id().orderKey());
        assertTrue(first.id().orderKey() > 0, "positive until 2094");
        // The millisecond is the key's top 42 bits; the rest of the key and the other 24 bytes are random.
        assertEquals(first.id().orderKey() >>> 22, sameMillisecond.id().orderKey() >>> 22);
        byte[] a = Base64.getUrlDecoder().decode(first.id().value());
        byte[] b = Base64.getUrlDecoder().decode(sameMillisecond.id().value());
        assertFalse(Arrays.equals(a, 8, 32, b, 8, 32));
    }

    @Test
    void anIdTheStoreHoldsAlreadyIsDrawnAgain() {
        var refusals = new AtomicInteger(2);
        var store = new InMemorySessionStore();
        SessionStore refusingTwice = new SessionStore() {
            @Override
            public boolean save(LogonSession session) {
                return refusals.getAndDecrement() <= 0 && store.save(session);
            }

            @Override
            public Optional<LogonSession> find(SessionId id) {
                return store.find(id);
            }

            @Override
            public boolean replace(LogonSession expected, LogonSession updated) {
                return store.replace(expected, updated);
            }

            @Override
            public boolean remove(SessionId id) {
                return store.remove(id);
            }
        };
        var drawing = new Sessions(refusingTwice, SessionPolicy.DEFAULT, new SecureRandom(), clock);
        LogonSession session = drawing.open(USER, LogonMethod.MUTUAL_TLS, SessionBinding.to(MINE));
        assertEquals(Optional.of(session), store.find(session.id()), "saved at the third draw");
        assertFalse(store.save(session), "an id the store holds is refused");
        refusals.set(Integer.MAX_VALUE);
        var e = assertThrows(IllegalStateException.class,
                () -> drawing.open(USER, LogonMethod.MUTUAL_TLS, SessionBinding.to(MINE)));
        assertTrue(e.getMessage().contains("8 draws"));
    }

    @Test
    void resumesWithTheSameCertificate() {
        LogonSession session = open();
        var active = assertInstanceOf(SessionCheck.Active.class, sessions.resume(session.id(), Optional.of(MINE)));
        assertEquals(USER, active.session().account());
    }

    @Test
    void refusedWithAnotherCertificateOrNone() {
        LogonSession session = open();
        assertEquals(SessionRefusal.CERTIFICATE_MISMATCH, refusal(sessions.resume(session.id(), Optional.of(OTHER))));
        assertEquals(SessionRefusal.CERTIFICATE_MISMATCH, refusal(sessions.resume(session.id(), Optional.empty())));
        assertInstanceOf(SessionCheck.Active.class, sessions.resume(session.id(), Optional.of(MINE)),
                "a mismatch does not end the holder's session");
    }

    @Test
    void sessionMadeWithoutCertificateIsRefusedWithOne() {
        LogonSession session = sessions.open(USER, LogonMethod.ID_AND_PASSWORD, SessionBinding.noCertificate());
        assertEquals(SessionRefusal.CERTIFICATE_MISMATCH, refusal(sessions.resume(session.id(), Optional.of(MINE))));
        assertInstanceOf(SessionCheck.Active.class, sessions.resume(session.id(), Optional.empty()));
    }

    @Test
    void idleTimeoutEndsTheSessionAndUseKeepsItAlive() {
        LogonSession session = open();
        clock.advance(Duration.ofMinutes(9));
        assertInstanceOf(SessionCheck.Active.class, sessions.resume(session.id(), Optional.of(MINE)));
        clock.advance(Duration.ofMinutes(9));
        assertInstanceOf(SessionCheck.Active.class, sessions.resume(session.id(), Optional.of(MINE)));
        clock.advance(Duration.ofMinutes(10));
        assertEquals(SessionRefusal.IDLE_TIMEOUT, refusal(sessions.resume(session.id(), Optional.of(MINE))));
        assertEquals(SessionRefusal.UNKNOWN, refusal(sessions.resume(session.id(), Optional.of(MINE))), "removed");
    }

    @Test
    void absoluteTimeoutEndsEvenABusySession() {
        LogonSession session = open();
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMinutes(5));
            assertInstanceOf(SessionCheck.Active.class, sessions.resume(session.id(), Optional.of(MINE)));
        }
        clock.advance(Duration.ofMinutes(5));
        assertEquals(SessionRefusal.ABSOLUTE_TIMEOUT, refusal(sessions.resume(session.id(), Optional.of(MINE))));
    }

    @Test
    void logoffEndsTheSession() {
        LogonSession session = open();
        assertTrue(sessions.logoff(session.id()));
        assertEquals(SessionRefusal.UNKNOWN, refusal(sessions.resume(session.id(), Optional.of(MINE))));
        assertFalse(sessions.logoff(session.id()));
    }
}

package keybound.logon.session;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import keybound.logon.Account;
import keybound.logon.CertificateFingerprint;

/** Opens, resumes and ends logon sessions under a {@link SessionPolicy}. */
public final class Sessions {

    private static final int ID_ATTEMPTS = 8;

    private final SessionStore store;
    private final SessionPolicy policy;
    private final SecureRandom random;
    private final Clock clock;

    public Sessions(SessionStore store, SessionPolicy policy, SecureRandom random, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public LogonSession open(Account account, LogonMethod method, SessionBinding binding) {
        Instant now = clock.instant();
        // Two ids opened in the same millisecond share their order key once in 2^22 pairs: draw again.
        for (int attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
            var session = new LogonSession(SessionId.random(random, now), account, method, binding, now, now);
            if (store.save(session)) {
                return session;
            }
        }
        throw new IllegalStateException("no free session id in " + ID_ATTEMPTS + " draws");
    }

    /**
     * Resumes a session for a request whose connection presents {@code presented} (empty: no
     * client certificate). A live session with the right binding counts as used now; an ended one
     * is removed. A binding mismatch refuses the request but leaves the session to its holder.
     */
    public SessionCheck resume(SessionId id, Optional<CertificateFingerprint> presented) {
        Optional<LogonSession> found = store.find(id);
        if (found.isEmpty()) {
            return new SessionCheck.Refused(SessionRefusal.UNKNOWN);
        }
        LogonSession session = found.get();
        Instant now = clock.instant();
        SessionRefusal ended = policy.endReason(session, now);
        if (ended != null) {
            store.remove(id);
            return new SessionCheck.Refused(ended);
        }
        if (!session.binding().matches(presented)) {
            return new SessionCheck.Refused(SessionRefusal.CERTIFICATE_MISMATCH);
        }
        LogonSession touched = session.seenAt(now);
        if (!store.replace(session, touched)) {
            // Logged off or touched concurrently: judge again from what is stored now.
            return store.find(id).isPresent() ? resume(id, presented) : new SessionCheck.Refused(SessionRefusal.UNKNOWN);
        }
        return new SessionCheck.Active(touched);
    }

    /** Ends a session; answers whether there was one. */
    public boolean logoff(SessionId id) {
        return store.remove(id);
    }

    public SessionPolicy policy() {
        return policy;
    }
}

package keybound.logon;

import java.time.Clock;
import java.time.Instant;
import keybound.logon.challenge.LogonChallenge;
import keybound.logon.challenge.Nonce;
import keybound.logon.otp.TotpStepLedger;
import keybound.logon.session.InMemorySessionStore;
import keybound.logon.session.SessionPolicy;

/** Logon's state in one process's memory: right for a single server; lost on restart. */
public final class InMemoryLogonState implements LogonState {

    private final InMemoryOneTimeStore<Nonce, LogonChallenge> challenges;
    private final InMemoryOneTimeStore<AttemptId, PendingLogon> attempts;
    private final InMemorySessionStore sessions = new InMemorySessionStore();

    public InMemoryLogonState(Clock clock) {
        this.challenges = new InMemoryOneTimeStore<>(clock, LogonStores.IN_MEMORY_CAPACITY);
        this.attempts = new InMemoryOneTimeStore<>(clock, LogonStores.IN_MEMORY_CAPACITY);
    }

    @Override
    public LogonStores stores(TotpStepLedger totpSteps) {
        return new LogonStores(challenges, attempts, sessions, totpSteps);
    }

    @Override
    public Purged purge(Instant now, SessionPolicy sessionPolicy) {
        return new Purged(sessions.purgeEnded(now, sessionPolicy), challenges.purgeExpired(now), attempts.purgeExpired(now));
    }
}

package keybound.server.store;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import keybound.issuer.store.Database;
import keybound.logon.AttemptId;
import keybound.logon.LogonState;
import keybound.logon.LogonStores;
import keybound.logon.PendingLogon;
import keybound.logon.challenge.LogonChallenge;
import keybound.logon.challenge.Nonce;
import keybound.logon.otp.TotpStepLedger;
import keybound.logon.session.SessionPolicy;

/**
 * Logon's state in a database (the registry's, or beside an embedded one a file of its own):
 * sessions, outstanding challenges and pending logons
 * (migrated on construction, see {@link LogonSchema}), so a logon in progress and a session both
 * survive a restart and can be shared by instances. The used-TOTP-step ledger already lives in
 * the issuer's contract table ({@code IssuerPorts.totpSteps}): one column per contract,
 * overwritten on each accepted code, so it never grows and needs no purge.
 */
public final class JdbcLogonState implements LogonState {

    /** Outstanding challenges, and separately pending logons, the database holds at most. */
    public static final int CAPACITY = LogonStores.IN_MEMORY_CAPACITY;

    private final JdbcSessionStore sessions;
    private final JdbcOneTimeStore<Nonce, LogonChallenge> challenges;
    private final JdbcOneTimeStore<AttemptId, PendingLogon> attempts;

    public JdbcLogonState(Database database, Clock clock) {
        this(database, clock, CAPACITY);
    }

    JdbcLogonState(Database database, Clock clock, int capacity) {
        Objects.requireNonNull(database, "database");
        LogonSchema.migrate(database);
        this.sessions = new JdbcSessionStore(database);
        this.challenges = new JdbcOneTimeStore<>(database, new ChallengeRows(), clock, capacity);
        this.attempts = new JdbcOneTimeStore<>(database, new PendingLogonRows(), clock, capacity);
    }

    @Override
    public LogonStores stores(TotpStepLedger totpSteps) {
        return new LogonStores(challenges, attempts, sessions, totpSteps);
    }

    public JdbcSessionStore sessions() {
        return sessions;
    }

    public JdbcOneTimeStore<Nonce, LogonChallenge> challenges() {
        return challenges;
    }

    public JdbcOneTimeStore<AttemptId, PendingLogon> attempts() {
        return attempts;
    }

    @Override
    public Purged purge(Instant now, SessionPolicy sessionPolicy) {
        return new Purged(sessions.purgeEnded(now, sessionPolicy), challenges.purgeExpired(now), attempts.purgeExpired(now));
    }
}

package keybound.logon;

import java.time.Clock;
import java.util.Objects;
import keybound.logon.challenge.LogonChallenge;
import keybound.logon.challenge.Nonce;
import keybound.logon.otp.InMemoryTotpStepLedger;
import keybound.logon.otp.TotpStepLedger;
import keybound.logon.session.SessionStore;

/** Logon's own short-lived state: outstanding challenges, pending logons, sessions, used TOTP steps. */
public record LogonStores(OneTimeStore<Nonce, LogonChallenge> challenges, OneTimeStore<AttemptId, PendingLogon> attempts,
        SessionStore sessions, TotpStepLedger totpSteps) {

    /** Outstanding challenges or pending logons one process keeps at most. */
    public static final int IN_MEMORY_CAPACITY = 100_000;

    public LogonStores {
        Objects.requireNonNull(challenges, "challenges");
        Objects.requireNonNull(attempts, "attempts");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(totpSteps, "totpSteps");
    }

    /**
     * All in one process's memory, never purged: for short-lived uses (tests); a server keeps an
     * {@link InMemoryLogonState} and purges it.
     */
    public static LogonStores inMemory(Clock clock) {
        return new InMemoryLogonState(clock).stores(new InMemoryTotpStepLedger());
    }
}

package keybound.logon;

import java.time.Instant;
import keybound.logon.otp.TotpStepLedger;
import keybound.logon.session.SessionPolicy;

/**
 * Where logon's short-lived state (sessions, outstanding challenges, pending logons) is kept, and
 * how what has ended or expired is deleted from it: nothing else ever deletes an abandoned
 * session or an unanswered challenge, so whoever serves logon purges periodically.
 */
public interface LogonState {

    /** Logon's stores over this state, with {@code totpSteps} for the used TOTP steps. */
    LogonStores stores(TotpStepLedger totpSteps);

    /** Deletes every session ended and every challenge or pending logon expired at {@code now}. */
    Purged purge(Instant now, SessionPolicy sessionPolicy);

    /** How many entries one purge deleted, by kind. */
    record Purged(int sessions, int challenges, int attempts) {

        public int total() {
            return sessions + challenges + attempts;
        }
    }
}

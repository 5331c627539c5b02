package keybound.logon;

import java.time.Duration;
import java.util.Objects;
import keybound.logon.session.SessionPolicy;

/**
 * Logon's tunables.
 *
 * @param challengeLifetime how long a signed-challenge nonce may be answered
 * @param secondStepLifetime how long a pending logon (and its card challenge) waits for the second step
 * @param cardCellsAsked how many customer-card cells an administrator must read out
 * @param sessions session timeouts
 */
public record LogonPolicy(Duration challengeLifetime, Duration secondStepLifetime, int cardCellsAsked,
        SessionPolicy sessions) {

    public static final LogonPolicy DEFAULT =
            new LogonPolicy(Duration.ofSeconds(60), Duration.ofMinutes(3), 2, SessionPolicy.DEFAULT);

    public LogonPolicy {
        Objects.requireNonNull(challengeLifetime, "challengeLifetime");
        Objects.requireNonNull(secondStepLifetime, "secondStepLifetime");
        Objects.requireNonNull(sessions, "sessions");
        if (cardCellsAsked < 1) {
            throw new IllegalArgumentException("ask for at least one card cell");
        }
    }
}

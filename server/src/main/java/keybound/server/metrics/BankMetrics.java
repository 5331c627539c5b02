package keybound.server.metrics;

import java.time.Duration;
import keybound.bankapi.ProblemCode;

/**
 * What the server's handlers report for operators to watch: logons by result, lockouts,
 * issuances by kind, their latencies, and failures of the bank's token. A small seam so that
 * handlers know no metrics library ({@link PrometheusMetrics} is the one
 * implementation); {@link #NONE} records nothing.
 */
public interface BankMetrics {

    BankMetrics NONE = new BankMetrics() {
    };

    /**
     * One logon step answered: {@code result} is {@code granted}, {@code second-step} (the first proof
     * was accepted) or the problem code of the refusal.
     */
    default void logon(String step, String result, Duration took) {
    }

    /**
     * A logon step answered (API or web page), and the lockout it caused: {@code account-locked} at a
     * step that checks secrets ({@code second-step}, {@code password}) means this answer locked the
     * account, since a locked account is refused at the first step, before any secret is asked.
     */
    default void logonAnswered(String step, String result, Duration took) {
        logon(step, result, took);
        boolean checksSecrets = step.equals("second-step") || step.equals("password");
        if (checksSecrets && result.equals(ProblemCode.ACCOUNT_LOCKED.code())) {
            lockout("logon");
        }
    }

    /** A wrong secret locked an account ({@code where}: {@code logon} or {@code issuance}). */
    default void lockout(String where) {
    }

    /** One certificate request answered: {@code kind} administrator, user, renewal or migration; {@code result} issued or a problem code. */
    default void issuance(String kind, String result, Duration took) {
    }

    /** The bank's token (CA key or secret verifier key) failed while serving {@code operation}. */
    default void tokenError(String operation) {
    }
}

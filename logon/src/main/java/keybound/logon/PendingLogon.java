package keybound.logon;

import java.time.Instant;
import java.util.Objects;
import keybound.logon.session.LogonMethod;
import keybound.logon.session.SessionBinding;

/** A logon whose first proof passed, waiting for its second step. Consumed by the first answer. */
public record PendingLogon(AttemptId id, Account account, LogonMethod method, SessionBinding binding,
        SecondStepPrompt prompt, Instant expiresAt) implements Expiring {

    public PendingLogon {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}

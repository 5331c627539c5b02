package keybound.logon.session;

import java.time.Instant;
import java.util.Objects;
import keybound.logon.Account;

/** A granted logon: who, how, bound to which certificate, since when, last used when. */
public record LogonSession(SessionId id, Account account, LogonMethod method, SessionBinding binding,
        Instant createdAt, Instant lastSeenAt) {

    public LogonSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastSeenAt, "lastSeenAt");
    }

    LogonSession seenAt(Instant instant) {
        return new LogonSession(id, account, method, binding, createdAt, instant);
    }
}

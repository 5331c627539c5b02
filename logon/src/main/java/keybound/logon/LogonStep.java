package keybound.logon;

import java.util.Objects;
import keybound.logon.session.LogonSession;

/** Where a logon stands after each call to {@link LogonService}. */
public sealed interface LogonStep {

    /** The first proof passed; answer {@code pending.prompt()} within its lifetime. */
    record SecondStepRequired(PendingLogon pending) implements LogonStep {
        public SecondStepRequired {
            Objects.requireNonNull(pending, "pending");
        }
    }

    /** Logged on. */
    record Granted(LogonSession session) implements LogonStep {
        public Granted {
            Objects.requireNonNull(session, "session");
        }
    }

    /** Refused; the reason is for the log, never for the client. */
    record Denied(DenialReason reason) implements LogonStep {
        public Denied {
            Objects.requireNonNull(reason, "reason");
        }
    }
}

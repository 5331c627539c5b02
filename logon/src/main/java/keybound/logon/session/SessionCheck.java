package keybound.logon.session;

/** The answer to a request that presents a session. */
public sealed interface SessionCheck {

    record Active(LogonSession session) implements SessionCheck {
    }

    record Refused(SessionRefusal reason) implements SessionCheck {
    }
}

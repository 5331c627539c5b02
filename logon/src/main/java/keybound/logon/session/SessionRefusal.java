package keybound.logon.session;

/** Why a session was not resumed. Internal: clients see one "session invalid" answer. */
public enum SessionRefusal {
    UNKNOWN,
    IDLE_TIMEOUT,
    ABSOLUTE_TIMEOUT,
    CERTIFICATE_MISMATCH
}

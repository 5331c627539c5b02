package keybound.logon.session;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** {@link SessionStore} in one process's memory. */
public final class InMemorySessionStore implements SessionStore {

    private final ConcurrentMap<SessionId, LogonSession> sessions = new ConcurrentHashMap<>();

    @Override
    public boolean save(LogonSession session) {
        return sessions.putIfAbsent(session.id(), session) == null;
    }

    @Override
    public Optional<LogonSession> find(SessionId id) {
        return Optional.ofNullable(sessions.get(id));
    }

    @Override
    public boolean replace(LogonSession expected, LogonSession updated) {
        return sessions.replace(expected.id(), expected, updated);
    }

    @Override
    public boolean remove(SessionId id) {
        return sessions.remove(id) != null;
    }

    /**
     * Drops every session {@code policy} has ended at {@code now} (idle or past its absolute
     * timeout); answers how many. A session touched meanwhile is kept: removal is by value.
     */
    public int purgeEnded(Instant now, SessionPolicy policy) {
        int purged = 0;
        for (LogonSession session : sessions.values()) {
            if (policy.endReason(session, now) != null && sessions.remove(session.id(), session)) {
                purged++;
            }
        }
        return purged;
    }
}

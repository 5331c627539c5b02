package keybound.logon.session;

import java.util.Optional;

/** Where live sessions are kept. Implementations are safe for concurrent use. */
public interface SessionStore {

    /**
     * Stores a new session; answers false, storing nothing, when its id is taken (a store keyed by
     * {@link SessionId#orderKey} also counts an id with the same key as taken).
     */
    boolean save(LogonSession session);

    Optional<LogonSession> find(SessionId id);

    /**
     * Compare-and-set: replaces {@code expected} by {@code updated} only if the stored session is
     * still {@code expected}; answers whether it did. Keeps a logoff from being undone by a
     * concurrent request's touch.
     */
    boolean replace(LogonSession expected, LogonSession updated);

    /** Removes the session; answers whether there was one. */
    boolean remove(SessionId id);
}

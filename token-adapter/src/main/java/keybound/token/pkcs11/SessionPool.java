package keybound.token.pkcs11;

import java.util.concurrent.ConcurrentLinkedDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;

/**
 * Read-write sessions of one token, lent to one thread at a time. A session that failed with
 * a stale-handle code is discarded, never returned. The pool keeps its sessions open while the
 * token is in use, because closing the last session of a token logs the token out.
 */
final class SessionPool {

    private static final Logger LOG = LoggerFactory.getLogger(SessionPool.class);
    private final ConcurrentLinkedDeque<Session> idle = new ConcurrentLinkedDeque<>();

    Session borrow(SlotBinding binding) throws PKCS11Exception {
        Session session = idle.pollFirst();
        return session != null ? session : binding.token().openSession(true);
    }

    void release(Session session) {
        idle.offerFirst(session);
    }

    void discard(Session session) {
        try {
            session.closeSession();
        } catch (PKCS11Exception e) {
            LOG.debug("closing a discarded session: {}", Ckr.name(e.getErrorCode()));
        }
    }

    /** Closes every idle session (after recovery has opened a fresh one, or on close). */
    void discardIdle() {
        Session session;
        while ((session = idle.pollFirst()) != null) {
            discard(session);
        }
    }
}

package keybound.server.web;

import java.util.Optional;
import keybound.logon.Account;
import keybound.logon.LogonService;
import keybound.logon.session.LogonSession;
import keybound.logon.session.SessionCheck;
import keybound.logon.session.SessionId;
import keybound.server.api.ApiProblem;
import keybound.bankapi.ProblemCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser's logon session: the {@link Cookies#SESSION} cookie holds the id of a session of
 * the same {@link LogonService} the JSON API uses, resumed against the connection's client
 * certificate, so a cookie replayed from a browser presenting another certificate opens nothing,
 * and the service's idle and absolute timeouts and its logoff apply unchanged.
 */
final class WebSessions {

    private static final Logger LOG = LoggerFactory.getLogger(WebSessions.class);

    private final LogonService logon;

    WebSessions(LogonService logon) {
        this.logon = logon;
    }

    /** The live session this request presents, if any; remembered on the request for the page frame. */
    Optional<LogonSession> current(WebRequest request) {
        Optional<SessionId> id = request.cookie(Cookies.SESSION).flatMap(SessionId::parse);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        SessionCheck check = logon.resume(id.get(), request.clientFingerprint());
        if (check instanceof SessionCheck.Active active) {
            request.session(active.session());
            return Optional.of(active.session());
        }
        LOG.info("page session refused: {}", ((SessionCheck.Refused) check).reason());
        return Optional.empty();
    }

    /** The live session, or the session-expired page. */
    LogonSession require(WebRequest request) {
        return current(request).orElseThrow(() -> new ApiProblem(ProblemCode.SESSION_INVALID));
    }

    /** An administrator who logged on by certificate, as the contract pages need (as the API's guard). */
    LogonSession requireAdministrator(WebRequest request) {
        LogonSession session = require(request);
        if (!(session.account() instanceof Account.Administrator) || !session.method().byCertificate()) {
            throw new ApiProblem(ProblemCode.NOT_PERMITTED);
        }
        return session;
    }

    Account.User requireUser(WebRequest request) {
        if (require(request).account() instanceof Account.User user) {
            return user;
        }
        throw new ApiProblem(ProblemCode.NOT_PERMITTED);
    }

    /** Ends the session at the bank (only its own certificate may); true if one was ended. */
    boolean logoff(WebRequest request) {
        return request.cookie(Cookies.SESSION).flatMap(SessionId::parse)
                .map(id -> logon.logoff(id, request.clientFingerprint())).orElse(false);
    }
}

package keybound.server.logon;

import java.util.Locale;
import java.util.Optional;
import keybound.logon.LogonService;
import keybound.logon.session.LogonSession;
import keybound.logon.session.SessionCheck;
import keybound.logon.session.SessionId;
import keybound.server.api.ApiProblem;
import keybound.server.api.ApiRequest;
import keybound.bankapi.ProblemCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the session a request presents ({@code Authorization: Bearer <id>}) and checks it against
 * the connection's client certificate. Every refusal is the same 401 {@code session-invalid}.
 */
public final class SessionGuard {

    private static final Logger LOG = LoggerFactory.getLogger(SessionGuard.class);
    private static final String SCHEME = "bearer ";

    private final LogonService logon;

    public SessionGuard(LogonService logon) {
        this.logon = logon;
    }

    /**
     * A session of a contract's administrator who logged on by certificate: what the manual's
     * administrator operations (user registration, certificate authorisation, revocation) need.
     * Any other live session is 403 {@code not-permitted}.
     */
    public LogonSession requireAdministratorByCertificate(ApiRequest request) {
        LogonSession session = require(request);
        if (!(session.account() instanceof keybound.logon.Account.Administrator) || !session.method().byCertificate()) {
            throw new ApiProblem(ProblemCode.NOT_PERMITTED);
        }
        return session;
    }

    public LogonSession require(ApiRequest request) {
        Optional<SessionId> id = request.header("authorization")
                .filter(value -> value.length() > SCHEME.length()
                        && value.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME))
                .flatMap(value -> SessionId.parse(value.substring(SCHEME.length()).trim()));
        if (id.isEmpty()) {
            throw new ApiProblem(ProblemCode.SESSION_INVALID);
        }
        SessionCheck check = logon.resume(id.get(), request.clientFingerprint());
        if (check instanceof SessionCheck.Active active) {
            return active.session();
        }
        LOG.info("session refused: {}", ((SessionCheck.Refused) check).reason());
        throw new ApiProblem(ProblemCode.SESSION_INVALID);
    }
}

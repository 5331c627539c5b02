package keybound.logon;

import java.util.Objects;
import java.util.Optional;
import keybound.logon.session.SessionBinding;

/**
 * The first half of a user's logon in one request ({@link LogonService#admitUser}): the
 * connection's certificate admitted as an unlocked user's, or why not. Never stored:
 * {@link LogonService#completeUser} takes it within the same request, so there is no pending
 * logon to write, consume or replay.
 */
public final class UserAdmission {

    private final Account.User user;
    private final SessionBinding binding;
    private final LogonStep.Denied refusal;

    private UserAdmission(Account.User user, SessionBinding binding, LogonStep.Denied refusal) {
        this.user = user;
        this.binding = binding;
        this.refusal = refusal;
    }

    static UserAdmission admitted(Account.User user, SessionBinding binding) {
        return new UserAdmission(Objects.requireNonNull(user, "user"), Objects.requireNonNull(binding, "binding"), null);
    }

    static UserAdmission refused(LogonStep.Denied refusal) {
        return new UserAdmission(null, null, Objects.requireNonNull(refusal, "refusal"));
    }

    /** The refusal, when the certificate was not admitted. */
    public Optional<LogonStep.Denied> refusal() {
        return Optional.ofNullable(refusal);
    }

    Account.User user() {
        return user;
    }

    SessionBinding binding() {
        return binding;
    }
}

package keybound.logon.session;

import java.security.SecureRandom;
import java.util.Optional;
import keybound.logon.RandomToken;

/** A session's identifier: 256 random bits, URL-safe. A bearer secret: never log it. */
public record SessionId(String value) {

    public SessionId {
        if (!RandomToken.wellFormed(value)) {
            throw new IllegalArgumentException("not a session id");
        }
    }

    public static SessionId random(SecureRandom random) {
        return new SessionId(RandomToken.next(random));
    }

    /** Parses client input, empty when it is not shaped like a session id. */
    public static Optional<SessionId> parse(String text) {
        return RandomToken.wellFormed(text) ? Optional.of(new SessionId(text)) : Optional.empty();
    }

    @Override
    public String toString() {
        return "SessionId[hidden]";
    }
}

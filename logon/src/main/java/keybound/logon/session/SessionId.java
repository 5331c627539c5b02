package keybound.logon.session;

import java.security.SecureRandom;
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
    public static java.util.Optional<SessionId> parse(String text) {
        return RandomToken.wellFormed(text) ? java.util.Optional.of(new SessionId(text)) : java.util.Optional.empty();
    }

    @Override
    public String toString() {
        return "SessionId[hidden]";
    }
}

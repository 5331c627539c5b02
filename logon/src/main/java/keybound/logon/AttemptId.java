package keybound.logon;

import java.security.SecureRandom;
import java.util.Optional;

/** Names a logon between its first proof and its second step. Random, single-use. */
public record AttemptId(String value) {

    public AttemptId {
        if (!RandomToken.wellFormed(value)) {
            throw new IllegalArgumentException("not an attempt id");
        }
    }

    public static AttemptId random(SecureRandom random) {
        return new AttemptId(RandomToken.next(random));
    }

    public static Optional<AttemptId> parse(String text) {
        return RandomToken.wellFormed(text) ? Optional.of(new AttemptId(text)) : Optional.empty();
    }

    @Override
    public String toString() {
        return "AttemptId[hidden]";
    }
}

package keybound.logon.challenge;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import keybound.bankapi.ChallengeFormat;
import keybound.logon.Expiring;

/**
 * A signed-challenge logon's question: a single-use nonce, bound to the server's origin and a
 * short expiry. The client signs {@link #toBeSigned()} with its token key; the bytes are
 * {@link ChallengeFormat}'s, which the client builds the same way.
 */
public record LogonChallenge(Nonce nonce, String origin, Instant expiresAt) implements Expiring {

    public LogonChallenge {
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (origin.isEmpty() || origin.getBytes(StandardCharsets.UTF_8).length > 0xFFFF) {
            throw new IllegalArgumentException("origin must be 1..65535 bytes");
        }
    }

    /** The canonical byte string the client signs and the server verifies. */
    public byte[] toBeSigned() {
        return ChallengeFormat.toBeSigned(nonce.bytes(), origin, expiresAt.getEpochSecond());
    }
}

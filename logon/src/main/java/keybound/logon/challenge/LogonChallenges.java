package keybound.logon.challenge;

import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import keybound.logon.OneTimeStore;

/**
 * Issues signed-challenge logon challenges and redeems their answers. The challenge is consumed
 * before its signature is checked, so a wrong answer uses it up too: each challenge gets one try.
 */
public final class LogonChallenges {

    private final String origin;
    private final Duration lifetime;
    private final OneTimeStore<Nonce, LogonChallenge> store;
    private final SignatureVerifier verifier;
    private final SecureRandom random;
    private final Clock clock;

    /**
     * @param origin this server's origin, exactly as clients must sign it
     * @param lifetime how long a challenge may be answered (seconds to a minute or two)
     */
    public LogonChallenges(String origin, Duration lifetime, OneTimeStore<Nonce, LogonChallenge> store,
            SignatureVerifier verifier, SecureRandom random, Clock clock) {
        this.origin = Objects.requireNonNull(origin, "origin");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.store = Objects.requireNonNull(store, "store");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime must be positive");
        }
    }

    /** A fresh challenge, stored until answered or expired. */
    public LogonChallenge issue() {
        var challenge = new LogonChallenge(Nonce.random(random), origin, clock.instant().plus(lifetime));
        store.put(challenge.nonce(), challenge);
        return challenge;
    }

    /**
     * Consumes the challenge the answer names and checks the signature with {@code registeredKey},
     * the public key of the certificate the bank registered (never a key the client sent).
     */
    public ChallengeVerdict redeem(ChallengeAnswer answer, PublicKey registeredKey) {
        Optional<LogonChallenge> issued = store.consume(answer.nonce());
        if (issued.isEmpty()) {
            return ChallengeVerdict.UNKNOWN_OR_USED;
        }
        LogonChallenge challenge = issued.get();
        if (challenge.expiredAt(clock.instant())) {
            return ChallengeVerdict.EXPIRED;
        }
        // Rebuilt from what the server stored: an answer over another origin or expiry cannot verify.
        boolean valid = verifier.verify(registeredKey, challenge.toBeSigned(), answer.signature());
        return valid ? ChallengeVerdict.VERIFIED : ChallengeVerdict.BAD_SIGNATURE;
    }

    /** Uses a challenge up without checking anything (its answer was refused for another reason). */
    public void discard(Nonce nonce) {
        store.consume(nonce);
    }

    /** The origin challenges are bound to. */
    public String origin() {
        return origin;
    }
}

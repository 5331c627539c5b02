package keybound.token.contract;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import keybound.token.KeyAlgorithm;
import keybound.token.Token;

/**
 * A kind of token the contract suite runs against: SoftHSM through PKCS#11, a Java Card applet
 * in jcardsim, a card in a PC/SC reader. Everything a token may or may not do is asked here, so
 * the tests never test for a kind of token; a missing capability makes the test report itself
 * as skipped with {@link #lacks}'s reason, never pass silently.
 *
 * <p>A target that cannot run at all here (no reader attached) aborts from {@link #freshToken()}
 * with {@code Assumptions.abort(reason)}.
 */
public interface TokenTarget {

    /** What a token may be unable to do. */
    enum Capability {
        /** The user PIN locks after {@link #pinTryLimit()} wrong tries. */
        PIN_LOCKOUT,
        /** A wrong PIN reports the number of tries left. */
        TRIES_LEFT,
        /** The token holds at most {@link #keyCapacity()} key pairs and then refuses more. */
        KEY_CAPACITY,
        /** Certificates can be stored beside their keys. */
        CERTIFICATE_STORAGE,
        /** Secret HMAC-SHA256 keys are generated and used on the token. */
        MAC_KEYS,
        /** Secret AES-256 keys are generated on the token and seal and open with AES-GCM there. */
        SEALING_KEYS
    }

    /** Short name shown in test names: {@code softhsm}, {@code jcardsim}, {@code pcsc}. */
    String name();

    /**
     * A token in a known state, used by one test only: no keys, user PIN {@link #userPin()},
     * unblock secret {@link #unblockSecret()}. A card target may reset and hand out one card;
     * SoftHSM creates a new token each time. The caller closes it.
     */
    Token freshToken();

    String userPin();

    /** The PKCS#11 security officer PIN, or the card's PUK. */
    String unblockSecret();

    /** A PIN the token accepts as a new user PIN. */
    default String otherValidPin() {
        return "4711-0815";
    }

    Set<KeyAlgorithm> algorithms();

    /** Why the target lacks {@code capability}, or empty if it has it. */
    Optional<String> lacks(Capability capability);

    /** Wrong tries before the user PIN locks; meaningful with {@link Capability#PIN_LOCKOUT}. */
    default OptionalInt pinTryLimit() {
        return OptionalInt.empty();
    }

    /** Key pairs the token holds; meaningful with {@link Capability#KEY_CAPACITY}. */
    default OptionalInt keyCapacity() {
        return OptionalInt.empty();
    }
}

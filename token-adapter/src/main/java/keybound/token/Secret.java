package keybound.token;

import java.util.Arrays;
import java.util.List;

/**
 * A secret in memory: a token's PIN or SO PIN, or one of the bank's account secrets (B, イ, ロ, ト,
 * チ, card digits, a TOTP code or seed, an operator key). It holds its own copy of the characters,
 * never hands that copy out, and wipes it on {@link #close()}. Code that needs the characters
 * borrows them for the length of one call ({@link #withChars}); the borrowed array is zeroed as
 * soon as the call returns, so no unwiped copy outlives its use. {@link #toString()} never shows
 * the value, and {@link #matches} compares in time independent of where the values differ.
 *
 * <p>Java {@code String}s cannot be wiped: the only way in from one is {@link #of(String)}, and
 * there is no way out to one but a lent array.
 */
public final class Secret implements AutoCloseable {

    /** What {@link #withChars} runs over the lent characters. */
    @FunctionalInterface
    public interface CharsFunction<R, E extends Exception> {
        R apply(char[] chars) throws E;
    }

    /** What {@link #useChars} runs over the lent characters. */
    @FunctionalInterface
    public interface CharsConsumer<E extends Exception> {
        void accept(char[] chars) throws E;
    }

    private final char[] chars;
    private boolean wiped;

    private Secret(char[] chars) {
        this.chars = chars;
    }

    /** A secret holding a copy of {@code chars}; the caller still wipes its own array. */
    public static Secret of(char[] chars) {
        return new Secret(chars.clone());
    }

    /** A secret holding a copy of {@code length} characters of {@code source} from {@code offset} (a parser's buffer). */
    public static Secret of(char[] source, int offset, int length) {
        return new Secret(Arrays.copyOfRange(source, offset, offset + length));
    }

    /**
     * For literals in tests, and for values that only ever arrive as a String (an environment
     * variable, an HTTP header): the String itself cannot be wiped, so never make one to call this.
     */
    public static Secret of(String value) {
        return new Secret(value.toCharArray());
    }

    /** One secret holding {@code parts} one after another (e.g. the digits of several card cells, in order). */
    public static Secret concat(List<Secret> parts) {
        int length = 0;
        for (Secret part : parts) {
            length += part.length();
        }
        char[] joined = new char[length];
        int at = 0;
        for (Secret part : parts) {
            char[] chars = part.copyChars();
            try {
                System.arraycopy(chars, 0, joined, at, chars.length);
                at += chars.length;
            } finally {
                wipe(chars);
            }
        }
        return new Secret(joined);
    }

    /**
     * Runs {@code fn} over a copy of the characters and returns its result; the copy is zeroed when
     * {@code fn} returns or throws, so {@code fn} must not keep it.
     *
     * @throws IllegalStateException the secret has been closed
     */
    public <R, E extends Exception> R withChars(CharsFunction<R, E> fn) throws E {
        char[] lent = copyChars();
        try {
            return fn.apply(lent);
        } finally {
            wipe(lent);
        }
    }

    /** As {@link #withChars}, for a function without a result. */
    public <E extends Exception> void useChars(CharsConsumer<E> fn) throws E {
        char[] lent = copyChars();
        try {
            fn.accept(lent);
        } finally {
            wipe(lent);
        }
    }

    /** An independent secret with the same value, for a holder that closes it on its own schedule. */
    public Secret copy() {
        return new Secret(copyChars());
    }

    /**
     * Whether {@code other} holds the same characters. The time taken depends on the lengths only,
     * never on where the values first differ.
     */
    public boolean matches(Secret other) {
        char[] mine = copyChars();
        char[] theirs = other.copyChars();
        try {
            int difference = mine.length ^ theirs.length;
            for (int i = 0; i < Math.max(mine.length, theirs.length); i++) {
                char a = i < mine.length ? mine[i] : 0;
                char b = i < theirs.length ? theirs[i] : 0;
                difference |= a ^ b;
            }
            return difference == 0;
        } finally {
            wipe(mine);
            wipe(theirs);
        }
    }

    public synchronized int length() {
        return chars.length;
    }

    public synchronized boolean isEmpty() {
        return chars.length == 0;
    }

    /** Whether {@link #close()} has wiped this secret. */
    public synchronized boolean isClosed() {
        return wiped;
    }

    /** Zeroes {@code chars} (null is ignored): for arrays that came from elsewhere, e.g. a console. */
    public static void wipe(char[] chars) {
        if (chars != null) {
            Arrays.fill(chars, '\0');
        }
    }

    /** Closes each of {@code secrets}, skipping nulls (a record's optional fields). */
    public static void closeAll(Secret... secrets) {
        for (Secret secret : secrets) {
            if (secret != null) {
                secret.close();
            }
        }
    }

    /** Wipes the characters; idempotent. */
    @Override
    public synchronized void close() {
        wipe(chars);
        wiped = true;
    }

    @Override
    public String toString() {
        return "Secret[****]";
    }

    private synchronized char[] copyChars() {
        if (wiped) {
            throw new IllegalStateException("secret already closed");
        }
        return chars.clone();
    }
}

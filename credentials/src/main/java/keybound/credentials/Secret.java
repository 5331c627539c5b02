package keybound.credentials;

import java.util.Arrays;

/**
 * A bank-side secret on its way in or out (B, イ, ロ, ト, チ, card digits): holds a copy of the
 * characters, wipes it on {@link #close()}, and never prints its contents.
 */
public final class Secret implements AutoCloseable {

    private final char[] chars;
    private boolean wiped;

    private Secret(char[] chars) {
        this.chars = chars.clone();
    }

    /** Copies {@code chars}; the caller should wipe its own array. */
    public static Secret of(char[] chars) {
        return new Secret(chars);
    }

    /** For tests and scripts only: a String cannot be wiped. */
    public static Secret of(String value) {
        return new Secret(value.toCharArray());
    }

    /** A copy the caller must wipe with {@link #wipe(char[])}. */
    public synchronized char[] chars() {
        if (wiped) {
            throw new IllegalStateException("secret already wiped");
        }
        return chars.clone();
    }

    /** The value as a String, for handing a freshly generated secret to its owner once. */
    public synchronized String reveal() {
        char[] copy = chars();
        try {
            return new String(copy);
        } finally {
            wipe(copy);
        }
    }

    public synchronized int length() {
        return chars.length;
    }

    public static void wipe(char[] chars) {
        if (chars != null) {
            Arrays.fill(chars, '\0');
        }
    }

    @Override
    public synchronized void close() {
        wipe(chars);
        wiped = true;
    }

    @Override
    public String toString() {
        return "Secret[****]";
    }
}

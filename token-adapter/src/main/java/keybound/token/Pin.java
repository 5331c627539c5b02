package keybound.token;

import java.util.Arrays;

/**
 * A PIN or other secret on its way to a token. Holds a copy of the characters, wipes it on
 * {@link #close()}, and never prints its contents.
 */
public final class Pin implements AutoCloseable {

    private final char[] chars;
    private boolean wiped;

    private Pin(char[] chars) {
        this.chars = chars.clone();
    }

    /** Copies {@code chars}; the caller should wipe its own array. */
    public static Pin of(char[] chars) {
        return new Pin(chars);
    }

    /** For tests and scripts only: a String cannot be wiped. */
    public static Pin of(String pin) {
        return new Pin(pin.toCharArray());
    }

    /** A copy the caller must wipe (see {@link #wipe(char[])}). */
    public synchronized char[] chars() {
        if (wiped) {
            throw new IllegalStateException("PIN already wiped");
        }
        return chars.clone();
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
        return "Pin[****]";
    }
}

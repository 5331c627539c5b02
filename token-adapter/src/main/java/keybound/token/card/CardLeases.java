package keybound.token.card;

import java.util.function.Supplier;

/**
 * The leases on one card, whatever its protocol (keybound's applet, or PIV). A card keeps a
 * verified PIN until it is reset or its application is selected again, so all leases share one
 * verification: the last lease to close makes the card forget the PIN, and closing the token
 * resets the card. The protocol supplies those two actions; this class counts.
 *
 * <p>State is guarded by the token's own monitor ({@code lock}), the one the token holds for its
 * card exchanges, so that a PIN is never verified or forgotten in the middle of another command
 * and no second lock can be taken in the other order.
 */
public final class CardLeases {

    private final Object lock;
    private final Supplier<String> name;
    private final Runnable forgetPin;
    private final Runnable reset;
    private final Runnable onClose;
    private int count;
    private boolean closed;

    /**
     * @param name      the token as errors name it ({@code "card token 1234"})
     * @param forgetPin run when the last lease closes while the token is open
     * @param reset     run once on close, to end every verification (the transport's close)
     * @param onClose   run after {@code reset}, even if it failed
     */
    public CardLeases(Object lock, Supplier<String> name, Runnable forgetPin, Runnable reset, Runnable onClose) {
        this.lock = lock;
        this.name = name;
        this.forgetPin = forgetPin;
        this.reset = reset;
        this.onClose = onClose;
    }

    /** A new lease, once {@code verifyPin} returned (it throws on a wrong PIN, and then no lease is counted). */
    public Lease open(Runnable verifyPin) {
        synchronized (lock) {
            ensureOpen();
            verifyPin.run();
            count++;
        }
        return new Lease(this);
    }

    /** Refuses work on a closed token with an {@link IllegalStateException}. */
    public void ensureOpen() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException(name.get() + " is closed");
            }
        }
    }

    public boolean isOpen() {
        synchronized (lock) {
            return !closed;
        }
    }

    private void release() {
        synchronized (lock) {
            if (count == 0) {
                return;
            }
            count--;
            if (count == 0 && !closed) {
                forgetPin.run();
            }
        }
    }

    /** Resets the card (no verified PIN survives) and runs {@code onClose}; only the first call does anything. */
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            reset.run();
        } finally {
            onClose.run();
        }
    }

    /** One lease, held by a token session: closing it twice counts once. */
    public static final class Lease implements AutoCloseable {

        private final CardLeases leases;
        private boolean closed;

        private Lease(CardLeases leases) {
            this.leases = leases;
        }

        /** Refuses work on a closed lease with an {@link IllegalStateException}. */
        public synchronized void ensureOpen() {
            if (closed) {
                throw new IllegalStateException("token session closed");
            }
        }

        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            leases.release();
        }
    }
}

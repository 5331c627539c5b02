package keybound.token.pkcs11;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import keybound.token.PinLockedException;
import keybound.token.Secret;
import keybound.token.WrongPinException;

/**
 * The user login of one token, shared by all its leases. PKCS#11 login state belongs to the
 * token (every session of the application sees it), so this class logs in for the first lease,
 * logs out after the last one, and serialises C_Login/C_Logout under one lock: no thread is
 * ever logged out while another still holds a lease.
 *
 * <p>While leases are open it holds a copy of the PIN (its own {@link Secret}), for two reasons: a later lease's PIN is
 * compared with it (in constant time) because the token cannot check a PIN while already logged
 * in, and recovery must log in again after the token lost its sessions. The copy is wiped when
 * the last lease closes.
 *
 * <p>A PIN compared here never reaches the token, so the token cannot count it. This class counts
 * instead: after {@link #HOST_TRIES} wrong PINs in a row, no new lease is granted, not even with
 * the right PIN, until the last open lease closes; the next login then goes to the token, which
 * checks and counts it. A right PIN starts the count again. Open leases are never cut off.
 */
final class TokenLogin {

    /** The token operations this class drives. */
    interface Device {
        /**
         * C_Login as user, always checking the PIN with the token; false if the token was already
         * logged in by someone else in this process (then that login is theirs to end).
         */
        boolean loginUser(char[] pin);

        void logoutUser();

        String name();
    }

    /** Wrong PINs tolerated while the token is logged in (a common token's user PIN retry count). */
    static final int HOST_TRIES = 3;

    private final ReentrantLock lock = new ReentrantLock();
    private final Device device;
    private int leases;
    private Secret heldPin;
    private boolean ownsLogin;
    private int hostFailures;

    TokenLogin(Device device) {
        this.device = device;
    }

    void acquire(Secret pin) {
        lock.lock();
        try {
            if (leases > 0) {
                if (hostFailures >= HOST_TRIES) {
                    throw lockedHere();
                }
                if (heldPin.isEmpty() || !heldPin.matches(pin)) {
                    hostFailures++;
                    throw hostFailures >= HOST_TRIES ? lockedHere() : new WrongPinException(device.name(), HOST_TRIES - hostFailures);
                }
                hostFailures = 0; // as a token's own counter: a right PIN starts the count again
                leases++;
                return;
            }
            ownsLogin = pin.withChars(device::loginUser);
            hostFailures = 0;
            heldPin = pin.copy();
            leases = 1;
        } finally {
            lock.unlock();
        }
    }

    void release() {
        lock.lock();
        try {
            if (leases == 0) {
                return;
            }
            if (--leases == 0) {
                endLogin();
            }
        } finally {
            lock.unlock();
        }
    }

    /** After recovery: hands a copy of the held PIN to {@code relogin} if leases are open. */
    void withHeldPin(Consumer<char[]> relogin) {
        lock.lock();
        try {
            if (leases > 0 && heldPin != null) {
                heldPin.useChars(relogin::accept);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The new PIN replaces the held copy after a successful change. */
    void pinChanged(Secret newPin) {
        lock.lock();
        try {
            if (heldPin != null) {
                heldPin.close();
                heldPin = newPin.copy();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code action} while no lease can start or end (SO login, token close). */
    void exclusive(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    boolean active() {
        lock.lock();
        try {
            return leases > 0;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the login regardless of leases (the token is being closed). */
    void closeAll() {
        lock.lock();
        try {
            if (leases > 0) {
                leases = 0;
                endLogin();
            }
        } finally {
            lock.unlock();
        }
    }

    private void endLogin() {
        try {
            if (ownsLogin) {
                device.logoutUser();
            }
        } finally {
            ownsLogin = false;
            if (heldPin != null) {
                heldPin.close();
                heldPin = null;
            }
        }
    }

    private PinLockedException lockedHere() {
        return new PinLockedException(device.name(), HOST_TRIES + " wrong PINs while it was in use; it opens again once "
                + "every open session on it is closed, and the token itself then checks the next PIN");
    }
}

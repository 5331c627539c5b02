package keybound.token.pkcs11;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_CRYPTOKI_NOT_INITIALIZED;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKS_RO_USER_FUNCTIONS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKS_RW_USER_FUNCTIONS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_USER_ALREADY_LOGGED_IN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_USER_NOT_LOGGED_IN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKU_SO;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKU_USER;

import java.util.Set;
import keybound.token.PinState;
import keybound.token.Secret;
import keybound.token.Token;
import keybound.token.TokenException;
import keybound.token.TokenInfo;
import keybound.token.TokenNotPresentException;
import keybound.token.TokenSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.Session;

/**
 * A PKCS#11 token, known by its serial. Sessions come from a pool; login is token-wide
 * ({@link TokenLogin}); every call goes through {@link #call}, which recovers once from a stale
 * session or a token that went away and came back (found again by serial, in whatever slot it
 * now sits) and turns every other CKR_* into a typed exception through {@link Ckr}.
 */
public final class Pkcs11Token implements Token {

    private static final Logger LOG = LoggerFactory.getLogger(Pkcs11Token.class);

    private final LoadedModule module;
    private final String serial;
    private final SessionPool pool = new SessionPool();
    private final KeyHandles keyHandles;
    private final TokenLogin login;
    private volatile SlotBinding binding;
    private volatile Set<Long> mechanisms;
    private volatile int generation;
    private volatile boolean closed;

    Pkcs11Token(LoadedModule module, SlotBinding binding) {
        this.module = module;
        this.serial = binding.info().serial();
        this.binding = binding;
        this.mechanisms = binding.mechanisms();
        this.login = new TokenLogin(new UserLogin(this));
        this.keyHandles = new KeyHandles(new SunPkcs11Route(module.path(), serial, () -> this.binding.slotId()));
    }

    @Override
    public TokenInfo info() {
        ensureOpen();
        try {
            return binding.refresh().info();
        } catch (PKCS11Exception e) {
            if (Ckr.isTokenGone(e.getErrorCode()) || Ckr.isStaleSession(e.getErrorCode())) {
                recover(generation);
                return binding.info();
            }
            throw convert(e, "read the token info", false);
        }
    }

    @Override
    public TokenSession open(Secret pin) {
        ensureOpen();
        login.acquire(pin);
        LOG.debug("lease opened on {}", name());
        return new Pkcs11Session(this);
    }

    @Override
    public void changePin(Secret oldPin, Secret newPin) {
        oldPin.useChars(oldChars -> newPin.useChars(newChars -> call("change the user PIN", session -> {
            session.setPIN(oldChars, newChars);
            return null;
        })));
        login.pinChanged(newPin);
        LOG.info("user PIN changed on {}", name());
    }

    @Override
    public void unblockPin(Secret unblockSecret, Secret newPin) {
        login.exclusive(() -> {
            if (login.active()) {
                throw new IllegalStateException("close every lease on " + name() + " before unblocking its PIN");
            }
            unblockSecret.useChars(soChars -> newPin.useChars(newChars -> callAs("unblock the user PIN", true, session -> {
                session.login(CKU_SO, soChars);
                try {
                    session.initPIN(newChars);
                } finally {
                    session.logout();
                }
                return null;
            })));
        });
        LOG.info("user PIN unblocked and reset on {}", name());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            login.closeAll();
        } finally {
            closed = true;
            pool.discardIdle();
            module.forget(this);
        }
    }

    boolean isClosed() {
        return closed;
    }

    String serial() {
        return serial;
    }

    /** The slot id the token sits in now: for tests and the SunPKCS11 bridge, never for lookup. */
    long currentSlotId() {
        return binding.slotId();
    }

    Set<Long> mechanisms() {
        return mechanisms;
    }

    KeyHandles keyHandles() {
        return keyHandles;
    }

    String name() {
        return "pkcs11:" + binding.info().label() + " (serial " + serial + ")";
    }

    /**
     * Another user of the library in this process (SunPKCS11, a raw handle) may have logged the
     * token out: login is token-wide. While leases are open, a session that is not in a user
     * state is reported as CKR_USER_NOT_LOGGED_IN, which {@link #call} recovers by logging in
     * again. Costs one C_GetSessionInfo, so the hot signing path calls it only on a cache miss.
     */
    void requireLogin(Session session) throws PKCS11Exception {
        if (!login.active()) {
            return;
        }
        long state = session.getSessionInfo().getState();
        if (state != CKS_RW_USER_FUNCTIONS && state != CKS_RO_USER_FUNCTIONS) {
            throw new PKCS11Exception(CKR_USER_NOT_LOGGED_IN);
        }
    }

    void leaseClosed() {
        login.release();
    }

    <T> T call(String operation, SessionCall<T> work) {
        return callAs(operation, false, work);
    }

    /**
     * Runs {@code work} on a pooled session. A stale session, a token that came back, or a lost
     * login is recovered once and the work retried; anything else becomes a typed exception.
     */
    private <T> T callAs(String operation, boolean securityOfficer, SessionCall<T> work) {
        ensureOpen();
        for (int attempt = 0; ; attempt++) {
            int seen = generation;
            Session session;
            try {
                session = pool.borrow(binding);
            } catch (PKCS11Exception e) {
                if (attempt == 0 && recoverable(e.getErrorCode())) {
                    recover(seen);
                    continue;
                }
                throw convert(e, operation, securityOfficer);
            }
            boolean healthy = true;
            try {
                return work.apply(session);
            } catch (PKCS11Exception e) {
                long code = e.getErrorCode();
                healthy = !Ckr.isStaleSession(code) && !Ckr.isTokenGone(code);
                if (attempt == 0 && recoverable(code)) {
                    LOG.info("{} on {} failed with {}; recovering", operation, name(), Ckr.name(code));
                    recover(seen);
                    continue;
                }
                throw convert(e, operation, securityOfficer);
            } finally {
                if (healthy) {
                    pool.release(session);
                } else {
                    pool.discard(session);
                }
            }
        }
    }

    private boolean recoverable(long code) {
        return Ckr.isStaleSession(code) || Ckr.isTokenGone(code) || (code == CKR_USER_NOT_LOGGED_IN && login.active());
    }

    /**
     * Finds the token again by serial, replaces every pooled session and logs in again with the
     * held PIN. Runs under the login lock, so C_Login stays serialised and only one thread
     * recovers; the others see the new generation and just retry.
     */
    private void recover(int seenGeneration) {
        login.exclusive(() -> {
            if (generation != seenGeneration) {
                return;
            }
            keyHandles.clear();
            SlotBinding found = locate();
            Session fresh;
            try {
                fresh = found.token().openSession(true);
            } catch (PKCS11Exception e) {
                throw convert(e, "reopen a session", false);
            }
            pool.discardIdle();
            binding = found;
            mechanisms = found.mechanisms();
            try {
                login.withHeldPin(pin -> loginOn(fresh, pin));
            } finally {
                pool.release(fresh); // only now may another thread borrow it
                generation++;
            }
            LOG.info("recovered {} in slot {}", name(), found.slotId());
        });
    }

    private SlotBinding locate() {
        try {
            try {
                return SlotBinding.bySerial(module.module(), serial).orElseThrow(this::gone);
            } catch (PKCS11Exception e) {
                if (e.getErrorCode() != CKR_CRYPTOKI_NOT_INITIALIZED) {
                    throw e;
                }
                NativeModules.reinitialise(module);
                return SlotBinding.bySerial(module.module(), serial).orElseThrow(this::gone);
            }
        } catch (PKCS11Exception e) {
            throw convert(e, "find the token again", false);
        }
    }

    private TokenNotPresentException gone() {
        return new TokenNotPresentException("Token with serial " + serial + " is no longer present in " + module.path());
    }

    /** C_Login as user on {@code session}; false if the token was already logged in. */
    private boolean loginOn(Session session, char[] pin) {
        try {
            session.login(CKU_USER, pin);
            return true;
        } catch (PKCS11Exception e) {
            if (e.getErrorCode() == CKR_USER_ALREADY_LOGGED_IN) {
                return false;
            }
            throw convert(e, "log in", false);
        }
    }

    TokenException convert(PKCS11Exception e, String operation, boolean securityOfficer) {
        var context = Ckr.Context.of(name(), operation).withPinState(pinState(securityOfficer));
        return Ckr.toException(e, context);
    }

    PinState pinState(boolean securityOfficer) {
        try {
            long flags = binding.refresh().flags();
            return securityOfficer ? PinStates.securityOfficer(flags) : PinStates.user(flags);
        } catch (PKCS11Exception e) {
            return PinState.UNKNOWN_OK;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("token " + serial + " is closed");
        }
    }
}

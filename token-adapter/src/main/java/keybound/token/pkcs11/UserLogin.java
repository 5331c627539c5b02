package keybound.token.pkcs11;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_USER_ALREADY_LOGGED_IN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKR_USER_NOT_LOGGED_IN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKU_USER;

import keybound.token.TokenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xipki.pkcs11.wrapper.PKCS11Exception;

/** How {@link TokenLogin} reaches a {@link Pkcs11Token}: C_Login and C_Logout as the user. */
final class UserLogin implements TokenLogin.Device {

    private static final Logger LOG = LoggerFactory.getLogger(UserLogin.class);
    private final Pkcs11Token token;

    UserLogin(Pkcs11Token token) {
        this.token = token;
    }

    /**
     * Logs in as user. If another component of this process (SunPKCS11) already logged the
     * token in, the token would not check this PIN, so it is checked by logging out and in
     * again; the login then stays the other component's, and is not ended by our last lease.
     * A wrong PIN in that case leaves the token logged out.
     */
    @Override
    public boolean loginUser(char[] pin) {
        boolean own = token.call("log in", session -> {
            try {
                session.login(CKU_USER, pin);
                return true;
            } catch (PKCS11Exception e) {
                if (e.getErrorCode() != CKR_USER_ALREADY_LOGGED_IN) {
                    throw e;
                }
            }
            session.logout();
            session.login(CKU_USER, pin);
            return false;
        });
        LOG.debug("C_Login(CKU_USER) on {}: {}", token.name(), own ? "logged in" : "already logged in");
        return own;
    }

    @Override
    public void logoutUser() {
        token.keyHandles().clear();
        try {
            token.call("log out", session -> {
                try {
                    session.logout();
                } catch (PKCS11Exception e) {
                    if (e.getErrorCode() != CKR_USER_NOT_LOGGED_IN) {
                        throw e;
                    }
                }
                return null;
            });
            LOG.debug("C_Logout on {}", token.name());
        } catch (TokenException e) {
            LOG.warn("logging out of {} failed: {}", token.name(), e.getMessage());
        }
    }

    @Override
    public String name() {
        return token.name();
    }
}

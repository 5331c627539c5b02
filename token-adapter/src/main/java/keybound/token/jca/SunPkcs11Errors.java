package keybound.token.jca;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.login.FailedLoginException;
import keybound.token.TokenDeviceException;
import keybound.token.TokenException;
import keybound.token.WrongPinException;
import keybound.token.pkcs11.Ckr;
import org.xipki.pkcs11.wrapper.PKCS11Constants;

/**
 * Turns what SunPKCS11 throws into keybound's exceptions. SunPKCS11 buries the token's answer:
 * a wrong PIN arrives as an IOException caused by a FailedLoginException caused by its own
 * PKCS11Exception, whose message is the CKR_* name. The cause chain is walked once, the CKR_*
 * name read from the messages (no reflection into JDK classes), and the code sent through the
 * same table as the IAIK side ({@link Ckr}).
 */
final class SunPkcs11Errors {

    private static final Pattern CKR_NAME = Pattern.compile("\\bCKR_[A-Z0-9_]+\\b");

    private SunPkcs11Errors() {
    }

    static TokenException translate(Throwable error, String tokenName, String operation) {
        boolean failedLogin = false;
        for (Throwable t = error; t != null; t = t.getCause()) {
            failedLogin |= t instanceof FailedLoginException;
            Optional<Long> code = ckrCode(t.getMessage());
            if (code.isPresent()) {
                return Ckr.toException(code.get(), Ckr.Context.of(tokenName, operation), error);
            }
        }
        if (failedLogin) {
            return new WrongPinException(tokenName, -1);
        }
        return new TokenDeviceException("SUNPKCS11", operation + " on token " + tokenName + " failed", error);
    }

    private static Optional<Long> ckrCode(String message) {
        if (message == null) {
            return Optional.empty();
        }
        Matcher matcher = CKR_NAME.matcher(message);
        while (matcher.find()) {
            Long code = PKCS11Constants.ckrNameToCode(matcher.group());
            if (code != null) {
                return Optional.of(code);
            }
        }
        return Optional.empty();
    }
}

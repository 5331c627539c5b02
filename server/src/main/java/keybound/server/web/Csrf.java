package keybound.server.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Cross-site request forgery defence for every form POST: the form must carry the token of the
 * browser's {@link Cookies#CSRF} cookie (double submit; another site can neither read the cookie
 * nor, thanks to the {@code __Host-} prefix, set one), compared in constant time, and a browser's
 * {@code Origin} (unless {@code null}) and {@code Sec-Fetch-Site}, when sent, must name this site. SameSite=Strict on the
 * session cookie is a third, independent layer.
 */
final class Csrf {

    static final String FIELD = "csrf";
    private static final int TOKEN_BYTES = 32;
    private static final int TOKEN_CHARS = 43;

    private final SecureRandom random;
    private final String origin;

    Csrf(SecureRandom random, String origin) {
        this.random = random;
        this.origin = origin;
    }

    /** The browser's token if it has a well-formed one. */
    Optional<String> existing(WebRequest request) {
        return request.cookie(Cookies.CSRF).filter(Csrf::wellFormed);
    }

    /** A new token, for a browser without one (the caller sets the cookie). */
    String fresh() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Refuses a POST that does not prove it came from this site's own form. */
    void check(WebRequest request) {
        // Under Referrer-Policy: no-referrer browsers send "Origin: null" on a form POST; Sec-Fetch-Site still tells.
        if (request.header(HttpHeader.ORIGIN.asString()).filter(o -> !o.equals(origin) && !o.equals("null")).isPresent()) {
            throw new CsrfRefusedException("Origin is another site");
        }
        if (request.header("Sec-Fetch-Site").filter(s -> !s.equals("same-origin")).isPresent()) {
            throw new CsrfRefusedException("Sec-Fetch-Site is not same-origin");
        }
        String cookie = existing(request).orElseThrow(() -> new CsrfRefusedException("no CSRF cookie"));
        String field = request.form().text(FIELD).orElseThrow(() -> new CsrfRefusedException("no CSRF field"));
        if (!MessageDigest.isEqual(cookie.getBytes(StandardCharsets.US_ASCII), field.getBytes(StandardCharsets.US_ASCII))) {
            throw new CsrfRefusedException("CSRF field does not match the cookie");
        }
    }

    private static boolean wellFormed(String token) {
        return token.length() == TOKEN_CHARS && token.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
                || c >= '0' && c <= '9' || c == '-' || c == '_');
    }

    /** A form POST that did not come from this site's page. */
    static final class CsrfRefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CsrfRefusedException(String message) {
            super(message);
        }
    }
}

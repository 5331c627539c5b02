package keybound.server.web;

/**
 * The pages' cookies. All carry the {@code __Host-} prefix (the browser keeps them only if set
 * over HTTPS, with Path=/ and no Domain, so no other host can plant one), Secure and
 * SameSite=Strict; the session's is HttpOnly as well.
 */
final class Cookies {

    static final String SESSION = "__Host-kb-session";
    static final String CSRF = "__Host-kb-csrf";
    static final String LANG = "__Host-kb-lang";

    private Cookies() {
    }

    /** A browser-session cookie (no expiry: the server ends the session; closing the browser forgets it). */
    static String set(String name, String value) {
        return name + "=" + value + "; Path=/; Secure; HttpOnly; SameSite=Strict";
    }

    static String clear(String name) {
        return name + "=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict";
    }
}

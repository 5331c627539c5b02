package keybound.server.web;

import java.util.Optional;

/**
 * What every page's layout needs: the words in the chosen language, the form token, the link
 * to the other language, and who is logged on (empty before logon: no logoff button).
 */
public record Frame(Texts t, String csrf, String switchHref, Optional<String> who) {

    public Lang lang() {
        return t.lang();
    }
}

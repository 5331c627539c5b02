package keybound.server.web;

import gg.jte.Content;
import gg.jte.TemplateOutput;
import java.util.Arrays;

/**
 * A secret the page shows once (a new user's ト and チ): written into the page character by
 * character, never as a String, and wiped by {@link #wipe()} after rendering. Only digits and
 * letters are ever shown, so writing them through the escaping output changes nothing.
 */
public final class ShownOnce implements Content {

    private final char[] secret;

    public ShownOnce(char[] secret) {
        this.secret = secret.clone();
    }

    @Override
    public void writeTo(TemplateOutput output) {
        for (char c : secret) {
            output.writeUserContent(c);
        }
    }

    void wipe() {
        Arrays.fill(secret, '\0');
    }
}

package keybound.server.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a page handler answers: a template with its values, or a redirect (303, so that a form
 * POST is followed by a GET), with the cookies to set and any secrets shown once.
 */
record Page(int status, Optional<String> template, Map<String, Object> values, Optional<String> location,
            List<String> cookies, List<ShownOnce> shownOnce) {

    static Page view(String template, Map<String, Object> values) {
        return new Page(200, Optional.of(template), new HashMap<>(values), Optional.empty(), new ArrayList<>(),
                new ArrayList<>());
    }

    static Page redirect(String location) {
        return new Page(303, Optional.empty(), Map.of(), Optional.of(location), new ArrayList<>(), new ArrayList<>());
    }

    Page status(int code) {
        return new Page(code, template, values, location, cookies, shownOnce);
    }

    Page cookie(String setCookie) {
        cookies.add(setCookie);
        return this;
    }

    /** Adds a secret to show once under {@code name}; the renderer wipes it. */
    Page once(String name, char[] secret) {
        ShownOnce shown = new ShownOnce(secret);
        shownOnce.add(shown);
        values.put(name, shown);
        return this;
    }
}

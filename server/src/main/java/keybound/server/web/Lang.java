package keybound.server.web;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The pages' languages: Japanese, as the bank's customers expect, unless English is asked for. */
public enum Lang {
    JA("ja"),
    EN("en");

    private final String tag;

    Lang(String tag) {
        this.tag = tag;
    }

    /** The BCP 47 tag, for {@code <html lang>} and the switch link. */
    public String tag() {
        return tag;
    }

    /** The other language, for the switch link. */
    public Lang other() {
        return this == JA ? EN : JA;
    }

    /** A language by its tag; empty for anything else. */
    public static Optional<Lang> ofTag(String value) {
        for (Lang lang : values()) {
            if (lang.tag.equals(value)) {
                return Optional.of(lang);
            }
        }
        return Optional.empty();
    }

    /**
     * The language an {@code Accept-Language} header prefers among ours (weights honoured);
     * Japanese when it names neither or cannot be read.
     */
    public static Lang preferred(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank() || acceptLanguage.length() > 512) {
            return JA;
        }
        try {
            String best = Locale.lookupTag(Locale.LanguageRange.parse(acceptLanguage), List.of(JA.tag, EN.tag));
            return best == null ? JA : ofTag(best).orElse(JA);
        } catch (IllegalArgumentException e) {
            return JA;
        }
    }
}

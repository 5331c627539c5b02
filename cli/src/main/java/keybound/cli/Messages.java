package keybound.cli;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;

/**
 * The CLI's message catalogue ({@code keybound/cli/messages*.properties}, UTF-8): English by
 * default, Japanese with {@code --lang ja} or a {@code ja_*} locale in {@code LC_ALL} / {@code LANG}.
 */
public final class Messages {

    private static final String BUNDLE = "keybound.cli.messages";

    private final ResourceBundle bundle;
    private final Locale locale;

    private Messages(Locale locale) {
        this.locale = locale;
        // no fallback to the JVM's default locale: English unless Japanese was asked for
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** The catalogues there are; picocli refuses any other {@code --lang} at parse time. */
    public enum Language {
        ja, en
    }

    public static Messages english() {
        return new Messages(Locale.ROOT);
    }

    /**
     * {@code lang} ({@code ja} or {@code en}) if given, else the environment's {@code LC_ALL},
     * then {@code LANG}, as POSIX orders them.
     */
    public static Messages choose(Language lang, Map<String, String> environment) {
        if (lang != null) {
            return lang == Language.ja ? new Messages(Locale.JAPANESE) : english();
        }
        String setting = firstSet(environment.get("LC_ALL"), environment.get("LANG"));
        return setting != null && setting.toLowerCase(Locale.ROOT).startsWith("ja") ? new Messages(Locale.JAPANESE) : english();
    }

    private static String firstSet(String... values) {
        for (String value : values) {
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    /** The message {@code key}, if the catalogue has one. */
    public Optional<String> find(String key) {
        return bundle.containsKey(key) ? Optional.of(get(key)) : Optional.empty();
    }

    /** The message {@code key} with {@code arguments} filled in. */
    public String get(String key, Object... arguments) {
        return new MessageFormat(bundle.getString(key), locale).format(arguments);
    }
}

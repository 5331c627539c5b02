package keybound.server.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The pages' words in one language, from {@code messages-<lang>.properties} (UTF-8) beside this
 * class. A missing key is a programming error, so it fails loudly rather than showing a key.
 */
public final class Texts {

    private static final Map<Lang, Texts> LOADED = new EnumMap<>(Lang.class);

    static {
        for (Lang lang : Lang.values()) {
            LOADED.put(lang, new Texts(lang, load("messages-" + lang.tag() + ".properties")));
        }
    }

    private final Lang lang;
    private final Properties messages;

    private Texts(Lang lang, Properties messages) {
        this.lang = lang;
        this.messages = messages;
    }

    public static Texts of(Lang lang) {
        return LOADED.get(lang);
    }

    public Lang lang() {
        return lang;
    }

    /** The text for {@code key}. */
    public String get(String key) {
        String text = messages.getProperty(key);
        if (text == null) {
            throw new IllegalStateException("no " + lang.tag() + " text for " + key);
        }
        return text;
    }

    /** The text for {@code key} with {@code {0}}, {@code {1}}… filled in (values are escaped later, by the template). */
    public String format(String key, Object... values) {
        return new MessageFormat(get(key), lang == Lang.JA ? Locale.JAPANESE : Locale.ENGLISH)
                .format(values);
    }

    /** Every key this language has (for the test that both languages say everything). */
    public Set<String> keys() {
        return messages.stringPropertyNames();
    }

    private static Properties load(String name) {
        try (InputStream in = Texts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

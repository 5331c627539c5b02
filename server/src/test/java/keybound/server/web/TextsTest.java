package keybound.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Both languages say everything, and the header picks the language the browser prefers. */
class TextsTest {

    @Test
    void bothLanguagesHaveTheSameKeysAndEveryRefusalHasWords() {
        assertEquals(Texts.of(Lang.JA).keys(), Texts.of(Lang.EN).keys());
        for (String refusal : Refusals.WORDED) {
            assertTrue(Texts.of(Lang.EN).keys().contains("refusal." + refusal + ".title"), refusal);
            assertTrue(Texts.of(Lang.EN).keys().contains("refusal." + refusal + ".body"), refusal);
        }
        // MessageFormat drops a lone apostrophe: texts with values must not have one
        for (Lang lang : Lang.values()) {
            for (String key : Texts.of(lang).keys()) {
                String text = Texts.of(lang).get(key);
                assertFalse(text.contains("{0}") && text.contains("'"), key);
            }
        }
        assertEquals("Customer card cell B2", Texts.of(Lang.EN).format("second.cell", "B2"));
    }

    @Test
    void acceptLanguageChoosesWithWeightsAndJapaneseIsTheDefault() {
        assertEquals(Lang.EN, Lang.preferred("en-US,en;q=0.9"));
        assertEquals(Lang.JA, Lang.preferred("ja,en-US;q=0.8"));
        assertEquals(Lang.JA, Lang.preferred("en;q=0.5, ja;q=0.9"));
        assertEquals(Lang.JA, Lang.preferred("fr-FR"));
        assertEquals(Lang.JA, Lang.preferred(null));
        assertEquals(Lang.JA, Lang.preferred("not a ;;; header =="));
    }
}

package keybound.server.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Posted forms decode into char[] (secrets never become Strings) and bad bodies are refused. */
class FormTest {

    @Test
    void decodesEscapesPlusAndUtf8AndWipesOnClose() {
        Form form = Form.parse("userId=U01&userPin=12%2034+5&name=%E3%83%88&empty=&bare".getBytes(StandardCharsets.US_ASCII));
        assertEquals(Optional.of("U01"), form.text("userId"));
        char[] pin = form.secret("userPin").orElseThrow();
        assertArrayEquals("12 34 5".toCharArray(), pin);
        assertEquals(Optional.of("ト"), form.text("name"));
        assertTrue(form.secret("empty").isEmpty());
        assertEquals(Optional.of(""), form.text("bare"));
        assertTrue(form.text("missing").isEmpty());
        form.close();
        assertArrayEquals(new char[7], pin);
    }

    @Test
    void refusesMalformedBodies() {
        for (String body : new String[] {"a=%4", "a=%zz", "a=1&a=2", "a=%C3%28"}) {
            assertThrows(Form.BadFormException.class, () -> Form.parse(body.getBytes(StandardCharsets.US_ASCII)), body);
        }
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            many.append("f").append(i).append("=1&");
        }
        assertThrows(Form.BadFormException.class, () -> Form.parse(many.toString().getBytes(StandardCharsets.US_ASCII)));
    }
}

package keybound.issuer.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RFC 4648 §10 test vectors, without the padding authenticator apps do not want. */
class Base32Test {

    @Test
    void rfc4648Vectors() {
        String[][] vectors = {{"", ""}, {"f", "MY"}, {"fo", "MZXQ"}, {"foo", "MZXW6"}, {"foob", "MZXW6YQ"},
                {"fooba", "MZXW6YTB"}, {"foobar", "MZXW6YTBOI"}};
        for (String[] v : vectors) {
            assertEquals(v[1], new String(Base32.encode(v[0].getBytes(StandardCharsets.US_ASCII))), v[0]);
        }
    }
}

package keybound.token.jca;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Renders {@code softhsm-config/sunpkcs11.cfg.template} (packaged beside this class) for one
 * module and slot. The result is handed to {@code Provider.configure("--" + text)}.
 */
public record SunPkcs11Config(String name, Path library, long slot) {

    private static final String TEMPLATE = "sunpkcs11.cfg.template";

    public SunPkcs11Config {
        if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("a SunPKCS11 name is 1 to 64 letters, digits, '-' or '_'");
        }
        if (library.toString().contains("\n") || library.toString().contains("\"")) {
            throw new IllegalArgumentException("unusable library path");
        }
    }

    public String render() {
        return template()
                .replace("${name}", name)
                .replace("${library}", library.toAbsolutePath().toString())
                .replace("${slot}", Long.toString(slot));
    }

    private static String template() {
        try (InputStream in = SunPkcs11Config.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException(TEMPLATE + " is missing from the token-adapter jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

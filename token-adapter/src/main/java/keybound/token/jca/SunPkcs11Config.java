package keybound.token.jca;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Provider;
import java.security.Security;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Renders {@code softhsm-config/sunpkcs11.cfg.template} (packaged beside this class) for one
 * module and slot. The result is handed to {@code Provider.configure("--" + text)}.
 */
public record SunPkcs11Config(String name, Path library, long slot) {

    private static final String TEMPLATE = "sunpkcs11.cfg.template";
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    public SunPkcs11Config {
        if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("a SunPKCS11 name is 1 to 64 letters, digits, '-' or '_'");
        }
        if (library.toString().contains("\n") || library.toString().contains("\"")) {
            throw new IllegalArgumentException("unusable library path");
        }
    }

    /**
     * A new SunPKCS11 instance for the token with {@code serial} in {@code slot} of {@code library},
     * not registered with {@link Security}; empty on a runtime without SunPKCS11 (jdk.crypto.cryptoki).
     * Each gets a name of its own: SunPKCS11 instances are never unloaded, so names are not reused.
     *
     * @throws java.security.InvalidParameterException SunPKCS11 cannot load the library or slot
     */
    public static Optional<Provider> configure(String purpose, String serial, Path library, long slot) {
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            return Optional.empty();
        }
        String safeSerial = serial.replaceAll("[^A-Za-z0-9_-]", "_");
        String name = "keybound-" + purpose + "-" + safeSerial.substring(0, Math.min(32, safeSerial.length())) + "-"
                + INSTANCES.incrementAndGet();
        return Optional.of(base.configure("--" + new SunPkcs11Config(name, library, slot).render()));
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

package keybound.testkit.softhsm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The SoftHSM v2 set-up of this test JVM: a generated {@code softhsm2.conf} and the token
 * directory it names, both under the module's {@code target/}.
 *
 * <p>libsofthsm2 reads {@code SOFTHSM2_CONF} from the process environment once, at
 * C_Initialize, so the path comes from the environment (surefire sets it, see the parent pom)
 * and this class writes the file before any test loads the module. SoftHSM 2.6 also fixes its
 * slot list at C_Initialize: a token that {@code softhsm2-util} creates later is not seen by a
 * process that already initialised the library. Tests therefore create their tokens in-process
 * (C_InitToken on the free slot) and use {@link SoftHsmTools} only for outside views.
 */
public record SoftHsmEnvironment(Path config, Path tokenDirectory, Path module) {

    /** Debian's path of the SoftHSM v2 PKCS#11 library. */
    public static final Path DEBIAN_MODULE = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    public static final String CONFIG_VARIABLE = "SOFTHSM2_CONF";

    private static SoftHsmEnvironment current;

    /**
     * The environment of this JVM, creating the config file and token directory on first use.
     *
     * @throws IllegalStateException SOFTHSM2_CONF is not set, or not under a {@code target/}
     */
    public static synchronized SoftHsmEnvironment current() {
        if (current == null) {
            current = create(configFromEnvironment());
        }
        return current;
    }

    private static Path configFromEnvironment() {
        String value = System.getenv(CONFIG_VARIABLE);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(CONFIG_VARIABLE + " is not set; run tests through Maven "
                    + "(the parent pom sets it for surefire) or export it to a file under target/");
        }
        Path config = Path.of(value).toAbsolutePath().normalize();
        if (!config.toString().contains("/target/")) {
            throw new IllegalStateException(CONFIG_VARIABLE + " must point under a target/ directory, not " + config);
        }
        return config;
    }

    static SoftHsmEnvironment create(Path config) {
        Path tokens = config.resolveSibling("tokens");
        try {
            Files.createDirectories(tokens);
            String text = SoftHsmConfig.render(tokens);
            if (!Files.exists(config) || !Files.readString(config).equals(text)) {
                Files.writeString(config, text, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the SoftHSM token directory " + tokens, e);
        }
        return new SoftHsmEnvironment(config, tokens, DEBIAN_MODULE);
    }
}

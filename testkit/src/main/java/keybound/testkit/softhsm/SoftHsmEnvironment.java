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
            current = create(configFromEnvironment(), SoftHsmConfig.ALL_MECHANISMS);
        }
        return current;
    }

    /**
     * The environment with SoftHSM's {@code slots.mechanisms} set to {@code mechanisms}, for a
     * test class (its own JVM) that needs a token lacking some mechanisms.
     *
     * @throws IllegalStateException this JVM already set up SoftHSM differently
     */
    public static synchronized SoftHsmEnvironment current(String mechanisms) {
        if (current == null) {
            current = create(configFromEnvironment(), mechanisms);
        } else if (!current.mechanisms().equals(mechanisms)) {
            throw new IllegalStateException("SoftHSM is already set up with slots.mechanisms = " + current.mechanisms());
        }
        return current;
    }

    /** The {@code slots.mechanisms} line this JVM's config carries. */
    public String mechanisms() {
        try {
            return Files.readAllLines(config).stream()
                    .filter(line -> line.startsWith("slots.mechanisms"))
                    .map(line -> line.substring(line.indexOf('=') + 1).strip())
                    .findFirst().orElse(SoftHsmConfig.ALL_MECHANISMS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    static SoftHsmEnvironment create(Path config, String mechanisms) {
        Path tokens = config.resolveSibling("tokens");
        try {
            Files.createDirectories(tokens);
            String text = SoftHsmConfig.render(tokens, mechanisms);
            if (!Files.exists(config) || !Files.readString(config).equals(text)) {
                Files.writeString(config, text, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the SoftHSM token directory " + tokens, e);
        }
        return new SoftHsmEnvironment(config, tokens, DEBIAN_MODULE);
    }
}

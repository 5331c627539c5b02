package keybound.token.card.transport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import javax.smartcardio.TerminalFactory;

/**
 * Lets the JDK's PC/SC provider find libpcsclite on Debian-like systems: the JDK looks for the
 * development symlink {@code libpcsclite.so}, while the runtime package ships only
 * {@code libpcsclite.so.1}. Does nothing when the property is set or the symlink exists. And
 * turns off the JDK's own GET RESPONSE (see {@link #configure()}).
 */
public final class PcscPlatform {

    private static final String LIBRARY_PROPERTY = "sun.security.smartcardio.library";
    private static final String T0_GET_RESPONSE = "sun.security.smartcardio.t0GetResponse";
    private static final String T1_GET_RESPONSE = "sun.security.smartcardio.t1GetResponse";
    private static final List<String> DIRECTORIES = List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
            "/usr/lib64", "/usr/lib");

    private PcscPlatform() {
    }

    /**
     * A PC/SC terminal factory with a context of its own. The JVM-wide default keeps the context
     * it made first, which goes stale when that pcscd stops (a test JVM outliving another's pcscd);
     * a command that asks for a fresh one always talks to the pcscd running now.
     */
    public static TerminalFactory freshFactory() {
        configure();
        try {
            return TerminalFactory.getInstance("PC/SC", null);
        } catch (NoSuchAlgorithmException e) {
            return TerminalFactory.getDefault(); // no PC/SC provider: the default says so when listing
        }
    }

    /** Call before the first {@code TerminalFactory.getDefault()}. */
    public static synchronized void configure() {
        // Our transports follow 61xx with an ISO GET RESPONSE (CLA 00) themselves. The JDK's own
        // would repeat the command's class, 80 C0 for a proprietary command, which the card refuses
        // (6E00): found when a station process read a keybound card's attestation certificate.
        System.setProperty(T0_GET_RESPONSE, System.getProperty(T0_GET_RESPONSE, "false"));
        System.setProperty(T1_GET_RESPONSE, System.getProperty(T1_GET_RESPONSE, "false"));
        if (System.getProperty(LIBRARY_PROPERTY) != null) {
            return;
        }
        for (String directory : DIRECTORIES) {
            if (Files.exists(Path.of(directory, "libpcsclite.so"))) {
                return; // the JDK finds it by itself
            }
        }
        DIRECTORIES.stream().map(d -> Path.of(d, "libpcsclite.so.1")).filter(Files::isReadable).findFirst()
                .ifPresent(library -> System.setProperty(LIBRARY_PROPERTY, library.toString()));
    }
}

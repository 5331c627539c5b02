package keybound.testkit.pcsc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Points the JDK's PC/SC provider at libpcsclite. The JDK looks for the development symlink
 * {@code libpcsclite.so}, which Debian ships only in libpcsclite-dev; the runtime package has
 * {@code libpcsclite.so.1}. Must run before the first {@code TerminalFactory} use.
 */
public final class PcscLibrary {

    private static final String LIBRARY_PROPERTY = "sun.security.smartcardio.library";
    private static final List<Path> CANDIDATES = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu/libpcsclite.so.1"),
            Path.of("/usr/lib/aarch64-linux-gnu/libpcsclite.so.1"),
            Path.of("/usr/lib64/libpcsclite.so.1"),
            Path.of("/usr/lib/libpcsclite.so.1"));

    private PcscLibrary() {
    }

    public static synchronized void configureJdk() {
        if (System.getProperty(LIBRARY_PROPERTY) == null) {
            Path library = CANDIDATES.stream().filter(Files::isReadable).findFirst().orElseThrow(() ->
                    new IllegalStateException("libpcsclite.so.1 not found (Debian package libpcsclite1)"));
            System.setProperty(LIBRARY_PROPERTY, library.toString());
        }
        // Our transport follows 61xx itself, so the APDUs counted are the APDUs the card sees.
        System.setProperty("sun.security.smartcardio.t0GetResponse", "false");
        System.setProperty("sun.security.smartcardio.t1GetResponse", "false");
    }
}

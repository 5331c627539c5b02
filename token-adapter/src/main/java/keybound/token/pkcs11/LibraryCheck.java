package keybound.token.pkcs11;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import keybound.token.ModuleNotFoundException;

/**
 * Refuses files that are not PKCS#11 libraries before the native wrapper sees them: the IAIK
 * wrapper's {@code connect} crashes the JVM (not an exception) when {@code dlsym} finds no
 * C_GetFunctionList, as with libc. A PKCS#11 library is an ELF shared object whose dynamic
 * string table names C_GetFunctionList.
 */
final class LibraryCheck {

    private static final byte[] ELF_MAGIC = {0x7F, 'E', 'L', 'F'};
    private static final byte[] ENTRY_POINT = "C_GetFunctionList\0".getBytes(StandardCharsets.US_ASCII);
    private static final long MAX_LIBRARY_BYTES = 256L * 1024 * 1024;

    private LibraryCheck() {
    }

    static Path check(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute) || !Files.isReadable(absolute)) {
            throw new ModuleNotFoundException("No PKCS#11 module at " + absolute, null);
        }
        try {
            Path real = absolute.toRealPath();
            if (Files.size(real) > MAX_LIBRARY_BYTES || !startsWithElfMagic(real) || !containsEntryPoint(real)) {
                throw new ModuleNotFoundException(real + " is not a PKCS#11 library (no C_GetFunctionList)", null);
            }
            return real;
        } catch (IOException e) {
            throw new ModuleNotFoundException("Cannot read the PKCS#11 module " + absolute, e);
        }
    }

    private static boolean startsWithElfMagic(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(ELF_MAGIC.length);
            return Arrays.equals(head, ELF_MAGIC);
        }
    }

    /** Streams the file once, matching the entry point's name across buffer boundaries. */
    private static boolean containsEntryPoint(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int matched = 0;
            for (int read; (read = in.read(buffer)) > 0; ) {
                for (int i = 0; i < read; i++) {
                    byte b = buffer[i];
                    if (b == ENTRY_POINT[matched]) {
                        matched++;
                    } else {
                        matched = b == ENTRY_POINT[0] ? 1 : 0;
                    }
                    if (matched == ENTRY_POINT.length) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}

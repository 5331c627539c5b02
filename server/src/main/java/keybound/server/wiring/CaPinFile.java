package keybound.server.wiring;

import static keybound.server.ConfigKeys.CA_PIN_FILE;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import keybound.server.ConfigException;
import keybound.token.Secret;

/**
 * The CA PIN from a file only the server's account can read ({@code ca.pin-file}): the production
 * way, since an environment variable reaches Java only as a {@code String} (never wiped) and is
 * visible to whoever may read the process's environment. The file holds the PIN, optionally
 * followed by one line end; it must be 0600 or stricter.
 */
final class CaPinFile {

    /** A PKCS#11 PIN is short; anything longer is not a PIN file. */
    static final int MAX_BYTES = 256;
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private CaPinFile() {
    }

    /** The PIN in {@code file}, checked to be a regular file of the owner's only, at most {@link #MAX_BYTES}. */
    static Secret read(Path file) {
        byte[] bytes = null;
        CharBuffer chars = null;
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new ConfigException(CA_PIN_FILE, file + " is not a regular file");
            }
            if (POSIX) {
                Set<PosixFilePermission> open = EnumSet.copyOf(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
                open.retainAll(OTHERS);
                if (!open.isEmpty()) {
                    throw new ConfigException(CA_PIN_FILE, file + " is readable or writable by others ("
                            + PosixFilePermissions.toString(Files.getPosixFilePermissions(file)) + "): make it 0600 (chmod 600)");
                }
            }
            // One bounded read: a byte past the limit is enough to refuse, and a file that grows
            // after any check of its size is still never read whole.
            bytes = new byte[MAX_BYTES + 1];
            int length;
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                length = in.readNBytes(bytes, 0, bytes.length);
            }
            if (length > MAX_BYTES) {
                throw new ConfigException(CA_PIN_FILE, file + " is larger than " + MAX_BYTES + " bytes: not a PIN file");
            }
            if (length > 0 && bytes[length - 1] == '\n') {
                length--;
            }
            if (length > 0 && bytes[length - 1] == '\r') {
                length--;
            }
            if (length == 0) {
                throw new ConfigException(CA_PIN_FILE, file + " is empty");
            }
            chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, length));
            return Secret.of(chars.array(), chars.arrayOffset() + chars.position(), chars.remaining());
        } catch (CharacterCodingException e) {
            throw new ConfigException(CA_PIN_FILE, file + " is not UTF-8 text", e);
        } catch (IOException e) {
            throw new ConfigException(CA_PIN_FILE, "cannot read " + file + ": " + e.getMessage(), e);
        } finally {
            if (bytes != null) {
                Arrays.fill(bytes, (byte) 0);
            }
            if (chars != null && chars.hasArray()) {
                Secret.wipe(chars.array());
            }
        }
    }
}

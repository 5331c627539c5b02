package keybound.issuer.store;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The bank's files (registry, key and trust stores) and their directories are the server's
 * account's alone: directories 0700, files 0600. On a file system without POSIX permissions this
 * does nothing (the directory's own ACL applies).
 */
public final class OwnerOnlyFiles {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFiles() {
    }

    /** Creates {@code directory} (and missing parents) if needed and makes it 0700. */
    public static Path directory(Path directory) throws IOException {
        Files.createDirectories(directory);
        if (POSIX) {
            Files.setPosixFilePermissions(directory, DIRECTORY);
        }
        return directory;
    }

    /** Makes an existing file 0600. */
    public static void restrict(Path file) throws IOException {
        if (POSIX && Files.exists(file)) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }

    /**
     * Creates an empty file that is 0600 from its first byte on (replacing one there); missing
     * parent directories are created 0700, existing ones are left as they are.
     */
    public static Path newFile(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent(), attributes(DIRECTORY));
        Files.deleteIfExists(file);
        return Files.createFile(file, attributes(FILE));
    }

    private static FileAttribute<?>[] attributes(Set<PosixFilePermission> permissions) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }
}

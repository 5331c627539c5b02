package keybound.server.wiring;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import keybound.issuer.store.OwnerOnlyFiles;

/**
 * Work on a file that several processes (nodes sharing a data directory) or threads may do at
 * once, made one at a time: the caller holds an operating-system lock on {@code <file>.lock} (other
 * processes) and a lock per path in this JVM (file locks are held per process, so threads need their own).
 */
final class ExclusiveFile {

    /** Work that may fail with an I/O or security error. */
    interface Work<T> {
        T run() throws GeneralSecurityException, IOException;
    }

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();

    private ExclusiveFile() {
    }

    static <T> T with(Path file, Work<T> work) throws GeneralSecurityException, IOException {
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute.getParent())) {
            OwnerOnlyFiles.directory(absolute.getParent());
        }
        ReentrantLock local = IN_THIS_JVM.computeIfAbsent(absolute, p -> new ReentrantLock());
        local.lock();
        try (FileChannel channel = FileChannel.open(absolute.resolveSibling(absolute.getFileName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock held = channel.lock();
            try {
                return work.run();
            } finally {
                held.release();
            }
        } finally {
            local.unlock();
        }
    }
}

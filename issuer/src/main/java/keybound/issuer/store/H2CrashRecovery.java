package keybound.issuer.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * Brings an H2 registry file that a killed process left behind to its newest complete commit,
 * before H2 opens it.
 *
 * <p>Why: H2 (2.2.220 and later, 2.5.252 included) finds the newest commit after a crash from the
 * file header, then follows each commit's prediction of where the next one goes. When a commit is
 * written somewhere other than predicted, H2 rewrites the header, but pointing at the commit
 * <em>before</em> it; that commit's prediction leads nowhere, so a normal open stops there and
 * silently drops every commit since (seen: up to 11 in a row, each one already confirmed). MVStore's
 * recovery mode scans the whole file instead and takes the newest commit whose data is all present;
 * closing the store then writes a header that points at it. A file closed cleanly is left alone.
 */
final class H2CrashRecovery {

    /** The file header's mark of a clean close ({@code clean:1} in its first line). */
    private static final String CLEAN_MARK = "clean:1";
    private static final int HEADER_BYTES = 4096;

    private H2CrashRecovery() {
    }

    /**
     * Recovers {@code file} (an {@code .mv.db} file) if it exists and was not closed cleanly. A
     * file another process (or this one) has open is left to whoever has it.
     */
    static void recoverIfUnclean(Path file) {
        if (!Files.isRegularFile(file) || closedCleanly(file)) {
            return;
        }
        try (MVStore store = new MVStore.Builder().fileName(file.toString()).recoveryMode().autoCommitDisabled().open()) {
            store.getCurrentVersion(); // opening did the work; close() writes the header
        } catch (MVStoreException e) {
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                return;
            }
            throw new StoreException("cannot recover the registry file " + file + " after an unclean shutdown: "
                    + e.getMessage(), e);
        }
    }

    private static boolean closedCleanly(Path file) {
        byte[] header = new byte[HEADER_BYTES];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(header, 0, HEADER_BYTES);
        } catch (IOException e) {
            throw new StoreException("cannot read the registry file " + file, e);
        }
        String firstLine = new String(header, 0, read, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
        return Arrays.asList(firstLine.split(",")).contains(CLEAN_MARK);
    }
}

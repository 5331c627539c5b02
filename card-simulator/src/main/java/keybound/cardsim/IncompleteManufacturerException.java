package keybound.cardsim;

import java.nio.file.Path;

/**
 * A manufacturer directory holds its certificate or its key but not both. It is refused rather than
 * made anew, which would replace a trust anchor a bank may already be configured with.
 */
public final class IncompleteManufacturerException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    IncompleteManufacturerException(Path directory, String missingFile) {
        super("The card manufacturer in " + directory + " is incomplete: " + missingFile
                + " is missing. Restore it, or empty the directory to make a new manufacturer (banks must then trust its new certificate).");
    }
}

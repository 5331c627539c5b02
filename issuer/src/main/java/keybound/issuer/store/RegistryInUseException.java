package keybound.issuer.store;

import java.sql.SQLException;

/**
 * The H2 registry file is held by another process (H2's embedded mode lets one process open it):
 * most often the bank's server, while a back-office command runs beside it.
 */
public final class RegistryInUseException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** H2's error code for a database file another process has open. */
    static final int H2_DATABASE_ALREADY_OPEN = 90020;

    public RegistryInUseException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether {@code failure}, or one of its causes, is H2 saying the file is open elsewhere. */
    static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                return true;
            }
        }
        return false;
    }
}

package keybound.issuer.store;

/** The registry database failed (connection, constraint, migration). Nothing of the failed transaction was kept. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

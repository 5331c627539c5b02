package keybound.issuer.store;

/** The registry database failed (connection, constraint, migration). Nothing of the failed transaction was kept. */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

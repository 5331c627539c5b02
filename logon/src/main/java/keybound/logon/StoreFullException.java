package keybound.logon;

/** A store refused a new single-use value because too many live ones are outstanding. */
public final class StoreFullException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreFullException(int capacity) {
        super("store holds its maximum of " + capacity + " live entries");
    }
}

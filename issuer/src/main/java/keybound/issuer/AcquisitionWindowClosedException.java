package keybound.issuer;

/** The administrator acquisition window (80 days from the application by default) has passed. */
public final class AcquisitionWindowClosedException extends IssuerException {
    public AcquisitionWindowClosedException(String message) {
        super(message);
    }
}

package keybound.issuer.refusal;

import keybound.bankapi.ProblemCode;

/** The administrator acquisition window (80 days from the application by default) has passed. */
public final class AcquisitionWindowClosedException extends IssuerException {
    public AcquisitionWindowClosedException(String message) {
        super(message);
    }

    @Override
    public ProblemCode problem() {
        return ProblemCode.ACQUISITION_WINDOW_CLOSED;
    }
}

package keybound.issuer.enrollment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import keybound.issuer.refusal.AcquisitionWindowClosedException;

/**
 * The manual's rule: the administrator certificate can be acquired for 80 days (by default) from
 * the day the bank took the application; after that the customer must apply again.
 */
public final class AcquisitionWindow {

    private final Duration length;
    private final Clock clock;

    public AcquisitionWindow(Duration length, Clock clock) {
        this.length = length;
        this.clock = clock;
    }

    /** The first instant at which acquisition is refused. */
    public Instant closesAt(Instant applicationDate) {
        return applicationDate.plus(length);
    }

    public void check(Instant applicationDate) {
        if (!clock.instant().isBefore(closesAt(applicationDate))) {
            throw new AcquisitionWindowClosedException("the acquisition window closed on " + closesAt(applicationDate)
                    + " (" + length.toDays() + " days from the application); the customer must apply again");
        }
    }
}

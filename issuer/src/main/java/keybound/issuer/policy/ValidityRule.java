package keybound.issuer.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A certificate's validity: from now for the configured period (one year by default), never past the CA's own. */
public final class ValidityRule {

    private final Duration period;

    public ValidityRule(Duration period) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("validity period must be positive");
        }
        this.period = period;
    }

    public Validity apply(Instant now, Instant caNotAfter) {
        Instant from = now.truncatedTo(ChronoUnit.SECONDS);
        Instant to = from.plus(period);
        if (to.isAfter(caNotAfter)) {
            to = caNotAfter;
        }
        if (!to.isAfter(from)) {
            throw new IllegalStateException("the CA certificate has expired; it cannot issue");
        }
        return new Validity(from, to);
    }

    public record Validity(Instant notBefore, Instant notAfter) {
    }
}

package keybound.issuer;

import java.util.List;
import java.util.OptionalInt;
import keybound.issuer.store.CertificateRecord;

/** A certificate due its expiry notice: {@code daysLeft} is one of the notice points (40, 30, 10). */
public record ExpiryNotice(CertificateRecord certificate, int daysLeft) {

    /** The manual's notice points, in days before expiry, latest first. */
    public static final List<Integer> NOTICE_DAYS = List.of(40, 30, 10);

    /** The last notice point a certificate with {@code daysLeft} whole days to live has reached; empty before the first. */
    public static OptionalInt reached(long daysLeft) {
        return NOTICE_DAYS.stream().filter(days -> daysLeft <= days).mapToInt(Integer::intValue).min();
    }
}

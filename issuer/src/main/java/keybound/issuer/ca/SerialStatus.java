package keybound.issuer.ca;

import java.time.Instant;

/** What the registry says about a serial, for OCSP. */
public sealed interface SerialStatus {

    record Good() implements SerialStatus {
    }

    record Revoked(Instant at, RevocationReason reason) implements SerialStatus {
    }

    /** Never issued by this CA. */
    record Unknown() implements SerialStatus {
    }
}
